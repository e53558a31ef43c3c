// A small WHEP client: sub-second playback of a channel over WebRTC.
// POST /whep/<playbackId> with a recvonly offer -> 201 + Location + answer;
// 404 while the channel is offline; DELETE <Location> to stop.
import { deleteSession, postOffer, waitForIceGathering, watchConnection, type FetchFn } from './webrtc';

export interface WhepOptions {
  fetch?: FetchFn;
  /** Builds the peer connection (tests pass a fake). */
  createPeerConnection?: () => RTCPeerConnection;
  /** How long to wait for ICE gathering before sending the offer anyway. */
  iceGatheringTimeoutMs?: number;
  signal?: AbortSignal;
  /** Called once when the established connection is lost. */
  onDisconnect?: () => void;
}

export interface WhepSession {
  readonly pc: RTCPeerConnection;
  /** Receives the remote tracks as they arrive. */
  readonly stream: MediaStream;
  /** Closes the connection and DELETEs the session; safe to call twice. */
  stop(): Promise<void>;
}

/** Starts receiving `url`'s stream. Rejects with ApiError (status 404 = the channel is offline). */
export async function startWhep(url: string, opts: WhepOptions = {}): Promise<WhepSession> {
  const pc = opts.createPeerConnection?.() ?? new RTCPeerConnection({ bundlePolicy: 'max-bundle' });
  const stream = new MediaStream();
  pc.addEventListener('track', (e) => {
    if (!stream.getTracks().includes(e.track)) stream.addTrack(e.track);
  });
  try {
    pc.addTransceiver('video', { direction: 'recvonly' });
    pc.addTransceiver('audio', { direction: 'recvonly' });
    await pc.setLocalDescription(await pc.createOffer());
    await waitForIceGathering(pc, opts.iceGatheringTimeoutMs ?? 1500);
    const offer = pc.localDescription?.sdp ?? '';
    const { answer, location } = await postOffer(url, offer, { fetch: opts.fetch, signal: opts.signal });
    let stopped = false;
    const unwatch = watchConnection(pc, () => {
      if (!stopped) opts.onDisconnect?.();
    });
    try {
      await pc.setRemoteDescription({ type: 'answer', sdp: answer });
    } catch (err) {
      unwatch();
      pc.close();
      await deleteSession(location, { fetch: opts.fetch });
      throw err;
    }
    return {
      pc,
      stream,
      async stop() {
        if (stopped) return;
        stopped = true;
        unwatch();
        pc.close();
        await deleteSession(location, { fetch: opts.fetch });
      },
    };
  } catch (err) {
    pc.close();
    throw err;
  }
}

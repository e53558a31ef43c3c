// A small WHIP client: publish a camera/canvas stream to a channel.
// POST /whip with `Authorization: Bearer <streamKey>` and a sendonly offer ->
// 201 + Location + answer; DELETE <Location> to stop. 409
// ChannelAlreadyLiveException when another encoder is live on the channel.
import {
  deleteSession,
  postOffer,
  waitForConnected,
  waitForIceGathering,
  watchConnection,
  type FetchFn,
} from './webrtc';

export const WHIP_MAX_BITRATE = 2_500_000;
export const WHIP_MAX_FRAMERATE = 30;
export const WHIP_CONNECT_TIMEOUT_MS = 10_000;

export interface WhipOptions {
  url: string;
  /** The channel's stream key. */
  token: string;
  video: MediaStreamTrack;
  audio: MediaStreamTrack;
  maxBitrate?: number;
  maxFramerate?: number;
  /** Time allowed from the offer to an established media connection. */
  connectTimeoutMs?: number;
  iceGatheringTimeoutMs?: number;
  fetch?: FetchFn;
  createPeerConnection?: () => RTCPeerConnection;
  /** Called once when the established connection is lost (not after stop()). */
  onDisconnect?: () => void;
}

export interface WhipSession {
  readonly pc: RTCPeerConnection;
  /** Swaps the microphone track without renegotiating. */
  replaceAudio(track: MediaStreamTrack): Promise<void>;
  /** Closes the connection and DELETEs the session; safe to call twice. */
  stop(): Promise<void>;
}

/**
 * Orders codecs so that `mimeType` comes first (packetization-mode=1 and the
 * constrained-baseline profile before other variants); the rest keep their order.
 */
export function preferCodec(codecs: readonly RTCRtpCodec[], mimeType: string): RTCRtpCodec[] {
  const wanted = mimeType.toLowerCase();
  const rank = (c: RTCRtpCodec) => {
    if (c.mimeType.toLowerCase() !== wanted) return 100;
    const fmtp = c.sdpFmtpLine ?? '';
    let r = 0;
    if (!fmtp.includes('packetization-mode=1')) r += 10;
    if (!fmtp.includes('profile-level-id=42e01f')) r += 1;
    return r;
  };
  return codecs
    .map((c, i) => ({ c, i, r: rank(c) }))
    .sort((a, b) => a.r - b.r || a.i - b.i)
    .map((x) => x.c);
}

function preferH264(transceiver: RTCRtpTransceiver) {
  if (typeof transceiver.setCodecPreferences !== 'function') return;
  // Browsers differ on which capability list they accept for a sendonly transceiver.
  const lists = [
    typeof RTCRtpSender !== 'undefined' ? RTCRtpSender.getCapabilities?.('video') : null,
    typeof RTCRtpReceiver !== 'undefined' ? RTCRtpReceiver.getCapabilities?.('video') : null,
  ];
  for (const caps of lists) {
    if (!caps?.codecs.some((c) => c.mimeType.toLowerCase() === 'video/h264')) continue;
    try {
      transceiver.setCodecPreferences(preferCodec(caps.codecs, 'video/H264'));
      return;
    } catch {
      // try the other list
    }
  }
}

/** Caps bitrate and frame rate and prefers keeping the resolution; best effort. */
async function capSender(sender: RTCRtpSender, opts: WhipOptions) {
  if (typeof sender.getParameters !== 'function') return;
  const params = sender.getParameters() as RTCRtpSendParameters & { degradationPreference?: string };
  const enc = params.encodings?.[0];
  if (!enc) return;
  enc.maxBitrate = opts.maxBitrate ?? WHIP_MAX_BITRATE;
  enc.maxFramerate = opts.maxFramerate ?? WHIP_MAX_FRAMERATE;
  params.degradationPreference = 'maintain-resolution';
  await sender.setParameters(params).catch(() => {});
}

/** Publishes `video` + `audio` over WHIP; resolves once media flows. Rejects with ApiError. */
export async function publish(opts: WhipOptions): Promise<WhipSession> {
  const pc = opts.createPeerConnection?.() ?? new RTCPeerConnection({ bundlePolicy: 'max-bundle' });
  let location: string | null = null;
  let stopped = false;
  let unwatch = () => {};
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    unwatch();
    pc.close();
    if (location) await deleteSession(location, { token: opts.token, fetch: opts.fetch });
  };
  try {
    const stream = new MediaStream([opts.video, opts.audio]);
    const video = pc.addTransceiver(opts.video, {
      direction: 'sendonly',
      streams: [stream],
      sendEncodings: [
        { maxBitrate: opts.maxBitrate ?? WHIP_MAX_BITRATE, maxFramerate: opts.maxFramerate ?? WHIP_MAX_FRAMERATE },
      ],
    });
    preferH264(video);
    // Keep 720p and drop frames under congestion rather than shrinking the
    // picture: HLS viewers get one resolution (the playlist announces the
    // first one), and the encoder does not start at 180p while bandwidth
    // estimation ramps up.
    await capSender(video.sender, opts);
    const audio = pc.addTransceiver(opts.audio, { direction: 'sendonly', streams: [stream] });
    await pc.setLocalDescription(await pc.createOffer());
    await waitForIceGathering(pc, opts.iceGatheringTimeoutMs ?? 1500);
    const exchange = await postOffer(opts.url, pc.localDescription?.sdp ?? '', { token: opts.token, fetch: opts.fetch });
    location = exchange.location;
    await pc.setRemoteDescription({ type: 'answer', sdp: exchange.answer });
    await waitForConnected(pc, opts.connectTimeoutMs ?? WHIP_CONNECT_TIMEOUT_MS);
    // Again once negotiated, in case the browser reset the parameters.
    await capSender(video.sender, opts);
    unwatch = watchConnection(pc, () => {
      if (!stopped) opts.onDisconnect?.();
    });
    return {
      pc,
      replaceAudio: (track) => audio.sender.replaceTrack(track),
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}

// Stand-ins for the browser's WebRTC objects in unit tests (jsdom has none):
// a peer connection whose state the test drives, and a MediaStream.
import { vi } from 'vitest';

export class FakeMediaStream {
  private readonly tracks: MediaStreamTrack[];
  constructor(tracks: MediaStreamTrack[] = []) {
    this.tracks = [...tracks];
  }
  getTracks() {
    return [...this.tracks];
  }
  addTrack(t: MediaStreamTrack) {
    this.tracks.push(t);
  }
}

export function fakeTrack(kind: 'audio' | 'video', label = `${kind} track`): MediaStreamTrack {
  return { kind, label, id: `${kind}-${Math.random()}`, enabled: true, stop: vi.fn() } as unknown as MediaStreamTrack;
}

export interface FakeTransceiver {
  trackOrKind: MediaStreamTrack | string;
  init: RTCRtpTransceiverInit;
  sender: {
    getParameters: () => RTCRtpSendParameters;
    setParameters: ReturnType<typeof vi.fn>;
    replaceTrack: ReturnType<typeof vi.fn>;
  };
  setCodecPreferences: ReturnType<typeof vi.fn>;
}

export class FakePeerConnection extends EventTarget {
  connectionState: RTCPeerConnectionState = 'new';
  iceGatheringState: RTCIceGatheringState = 'complete';
  localDescription: RTCSessionDescriptionInit | null = null;
  remoteDescription: RTCSessionDescriptionInit | null = null;
  readonly transceivers: FakeTransceiver[] = [];
  closed = false;
  /** Move to "connected" right after the answer is applied. */
  connectOnAnswer = true;

  addTransceiver(trackOrKind: MediaStreamTrack | string, init: RTCRtpTransceiverInit = {}) {
    const t: FakeTransceiver = {
      trackOrKind,
      init,
      sender: {
        getParameters: () => ({ encodings: init.sendEncodings ?? [{}] }) as RTCRtpSendParameters,
        setParameters: vi.fn(async () => {}),
        replaceTrack: vi.fn(async () => {}),
      },
      setCodecPreferences: vi.fn(),
    };
    this.transceivers.push(t);
    return t as unknown as RTCRtpTransceiver;
  }

  async createOffer(): Promise<RTCSessionDescriptionInit> {
    return { type: 'offer', sdp: 'v=0\r\no=- offer\r\n' };
  }

  async setLocalDescription(d: RTCSessionDescriptionInit) {
    this.localDescription = d;
  }

  async setRemoteDescription(d: RTCSessionDescriptionInit) {
    this.remoteDescription = d;
    if (this.connectOnAnswer) queueMicrotask(() => this.setState('connected'));
  }

  setState(s: RTCPeerConnectionState) {
    this.connectionState = s;
    this.dispatchEvent(new Event('connectionstatechange'));
  }

  setGathering(s: RTCIceGatheringState) {
    this.iceGatheringState = s;
    this.dispatchEvent(new Event('icegatheringstatechange'));
  }

  /** Delivers a remote track like the browser's "track" event. */
  deliverTrack(track: MediaStreamTrack) {
    const e = new Event('track') as Event & { track: MediaStreamTrack };
    e.track = track;
    this.dispatchEvent(e);
  }

  close() {
    this.closed = true;
    this.connectionState = 'closed';
  }

  asPeerConnection(): RTCPeerConnection {
    return this as unknown as RTCPeerConnection;
  }
}

export interface SdpCall {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string | undefined;
}

/** A fetch that records calls and answers from `respond`. */
export function fakeSdpFetch(respond: (call: SdpCall) => Response | Promise<Response>) {
  const calls: SdpCall[] = [];
  const fn = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const call: SdpCall = {
      method: (init?.method ?? 'GET').toUpperCase(),
      url: typeof input === 'string' ? input : input.toString(),
      headers: { ...(init?.headers as Record<string, string> | undefined) },
      body: typeof init?.body === 'string' ? init.body : undefined,
    };
    calls.push(call);
    return respond(call);
  });
  return { fetch: fn as unknown as typeof fetch, calls };
}

export function sdpAnswer(location = '/whip/session-1'): Response {
  return new Response('v=0\r\no=- answer\r\n', { status: 201, headers: { Location: location, 'Content-Type': 'application/sdp' } });
}

export function jsonError(status: number, code: string, message: string): Response {
  return new Response(JSON.stringify({ error: { code, message } }), { status, headers: { 'Content-Type': 'application/json' } });
}

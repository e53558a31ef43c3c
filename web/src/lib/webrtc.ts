// The HTTP half of WHIP (RFC 9725) and WHEP: POST an SDP offer, get back an
// answer and the address of the session, DELETE that address to stop. Used by
// whip.ts and whep.ts; failures become ApiError like every other API call.
import { ApiError, toApiError, UNEXPECTED_MESSAGE } from './api';

export type FetchFn = typeof fetch;

export interface SdpExchange {
  /** The server's SDP answer. */
  answer: string;
  /** Absolute URL of the session resource (DELETE it to stop). */
  location: string;
}

export interface ExchangeOptions {
  /** Sent as `Authorization: Bearer <token>` (WHIP: the stream key). */
  token?: string | undefined;
  signal?: AbortSignal | undefined;
  fetch?: FetchFn | undefined;
}

function base(): string {
  return typeof window !== 'undefined' ? window.location.href : 'http://localhost/';
}

/** POSTs `offer` as application/sdp to `url`; resolves on 201 (or 200) with an answer and a Location. */
export async function postOffer(url: string, offer: string, opts: ExchangeOptions = {}): Promise<SdpExchange> {
  const doFetch = opts.fetch ?? fetch;
  const headers: Record<string, string> = { 'Content-Type': 'application/sdp', Accept: 'application/sdp' };
  if (opts.token) headers.Authorization = `Bearer ${opts.token}`;
  let res: Response;
  try {
    res = await doFetch(url, { method: 'POST', headers, body: offer, credentials: 'same-origin', signal: opts.signal });
  } catch (err) {
    if (opts.signal?.aborted) throw err;
    throw new ApiError(0, 'NetworkError', UNEXPECTED_MESSAGE);
  }
  if (res.status !== 201 && res.status !== 200) throw await toApiError(res);
  const location = res.headers.get('Location');
  const answer = await res.text();
  if (!location || !answer.startsWith('v=')) {
    throw new ApiError(res.status, 'InvalidResponseException', 'The server answered without an SDP answer or a session address.');
  }
  return { answer, location: new URL(location, new URL(url, base())).toString() };
}

/** DELETEs a session resource. Never throws: stopping is best effort (the server also times sessions out). */
export async function deleteSession(location: string, opts: Omit<ExchangeOptions, 'signal'> = {}): Promise<void> {
  const doFetch = opts.fetch ?? fetch;
  const headers: Record<string, string> = {};
  if (opts.token) headers.Authorization = `Bearer ${opts.token}`;
  try {
    await doFetch(location, { method: 'DELETE', headers, credentials: 'same-origin', keepalive: true });
  } catch {
    // The page may be unloading or the server gone; nothing more to do.
  }
}

/** Resolves when ICE gathering completes, or after `timeoutMs` (the candidates found so far are enough on a LAN). */
export function waitForIceGathering(pc: RTCPeerConnection, timeoutMs: number): Promise<void> {
  if (pc.iceGatheringState === 'complete') return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      window.clearTimeout(timer);
      pc.removeEventListener('icegatheringstatechange', onChange);
      resolve();
    };
    const onChange = () => {
      if (pc.iceGatheringState === 'complete') done();
    };
    const timer = window.setTimeout(done, timeoutMs);
    pc.addEventListener('icegatheringstatechange', onChange);
  });
}

/** Resolves once the peer connection is connected; rejects if it fails, closes, or takes longer than `timeoutMs`. */
export function waitForConnected(pc: RTCPeerConnection, timeoutMs: number): Promise<void> {
  if (pc.connectionState === 'connected') return Promise.resolve();
  return new Promise((resolve, reject) => {
    const finish = (err?: Error) => {
      window.clearTimeout(timer);
      pc.removeEventListener('connectionstatechange', onChange);
      if (err) reject(err);
      else resolve();
    };
    const onChange = () => {
      if (pc.connectionState === 'connected') finish();
      else if (pc.connectionState === 'failed' || pc.connectionState === 'closed') {
        finish(new ApiError(0, 'ConnectionFailedException', 'The media connection failed.'));
      }
    };
    const timer = window.setTimeout(
      () => finish(new ApiError(0, 'ConnectionTimeoutException', 'The media connection timed out.')),
      timeoutMs,
    );
    pc.addEventListener('connectionstatechange', onChange);
  });
}

/**
 * Calls `onLost` when an established connection is gone: at once on
 * "failed"/"closed", or when "disconnected" lasts `graceMs` (ICE often
 * recovers from short blips). Returns a function that stops watching.
 */
export function watchConnection(pc: RTCPeerConnection, onLost: () => void, graceMs = 4000): () => void {
  let timer: number | undefined;
  let fired = false;
  const lost = () => {
    if (fired) return;
    fired = true;
    stop();
    onLost();
  };
  const onChange = () => {
    const s = pc.connectionState;
    if (s === 'failed' || s === 'closed') lost();
    else if (s === 'disconnected') {
      if (timer === undefined) timer = window.setTimeout(lost, graceMs);
    } else if (timer !== undefined) {
      window.clearTimeout(timer);
      timer = undefined;
    }
  };
  const stop = () => {
    if (timer !== undefined) window.clearTimeout(timer);
    pc.removeEventListener('connectionstatechange', onChange);
  };
  pc.addEventListener('connectionstatechange', onChange);
  return stop;
}

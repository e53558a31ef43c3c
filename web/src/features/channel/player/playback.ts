// The channel player's state machine (spec 2.4), kept free of React and of
// media APIs so it can be tested on its own.
//
// The polled channel data (`isLive`) is the truth about whether there is a
// stream; playback sources only report what they see. A 404 on the playlist
// (or the WHEP endpoint) right after going live, or once the stream has
// ended, is normal, so losing a source never shows an error by itself: the
// player drains what is buffered, then either goes offline (the channel is
// no longer live) or retries with a fresh source (it still is: the encoder
// dropped and may reconnect). Only a stream the channel says is live but
// that cannot be played for a while, or an unrecoverable media error, is
// reported ("Error loading stream").
//
// Every source has a generation number; events from an older source are
// ignored, so a source torn down mid-request cannot move the state.

export type PlaybackStatus =
  /** The channel is not live. */
  | 'offline'
  /** A source is attached and buffering: spinner. */
  | 'loading'
  /** Frames are available: video with controls. */
  | 'live'
  /** The stream ended (or the source was lost): playing what is buffered. */
  | 'ending'
  /** No source; waiting to try again while the channel is (still) live. */
  | 'retrying';

export interface PlaybackState {
  status: PlaybackStatus;
  /** Last polled `isLive`. */
  isLive: boolean;
  /** Generation of the source to attach, or null for none. */
  source: number | null;
  /** Generation the next source will get. */
  nextSource: number;
  /** Failed attempts since the last successful start. */
  failures: number;
  /** Bumped each time "Error loading stream" should be shown. */
  errors: number;
  /** Whether the current failure streak was already reported. */
  reported: boolean;
}

export type PlaybackEvent =
  /** A poll of the channel answered. */
  | { type: 'channel'; isLive: boolean }
  /** The source has frames to show. */
  | { type: 'ready'; source: number }
  /** The source's stream is gone (404, network failure, stall): play out the buffer. */
  | { type: 'lost'; source: number }
  /** After `lost`/offline: the buffer has run out. */
  | { type: 'drained'; source: number }
  /** The source failed for good (media error it could not recover from). */
  | { type: 'failed'; source: number }
  /** The retry delay has passed. */
  | { type: 'retry' }
  /** Start over with a fresh source (e.g. switching between HLS and WebRTC). */
  | { type: 'reload' };

/** Consecutive failures while the channel says it is live before the viewer is told. */
export const REPORT_AFTER_FAILURES = 5;

export function initialPlayback(isLive: boolean): PlaybackState {
  const idle: PlaybackState = {
    status: 'offline',
    isLive,
    source: null,
    nextSource: 1,
    failures: 0,
    errors: 0,
    reported: false,
  };
  return isLive ? attach(idle) : idle;
}

/** How long to wait before the next attempt after `failures` failed ones. */
export function retryDelay(failures: number): number {
  const steps = [1000, 1000, 1000, 2000, 3000];
  return steps[Math.max(0, failures - 1)] ?? 5000;
}

function attach(s: PlaybackState): PlaybackState {
  return { ...s, status: 'loading', source: s.nextSource, nextSource: s.nextSource + 1 };
}

function offline(s: PlaybackState): PlaybackState {
  return { ...s, status: 'offline', source: null, failures: 0, reported: false };
}

function retrying(s: PlaybackState, fatal: boolean): PlaybackState {
  const failures = s.failures + 1;
  const report = !s.reported && (fatal || (s.isLive && failures >= REPORT_AFTER_FAILURES));
  return {
    ...s,
    status: 'retrying',
    source: null,
    failures,
    errors: report ? s.errors + 1 : s.errors,
    reported: s.reported || report,
  };
}

export function reducePlayback(s: PlaybackState, e: PlaybackEvent): PlaybackState {
  if ('source' in e && e.source !== s.source) return s; // a stale source
  switch (e.type) {
    case 'channel': {
      const next = { ...s, isLive: e.isLive };
      switch (s.status) {
        case 'offline':
          return e.isLive ? attach(next) : next;
        case 'loading':
        case 'retrying':
          return e.isLive ? next : offline(next);
        case 'live':
          return e.isLive ? next : { ...next, status: 'ending' };
        case 'ending':
          return next;
      }
      return next;
    }
    case 'ready':
      return s.status === 'loading' ? { ...s, status: 'live', failures: 0, reported: false } : s;
    case 'lost':
      if (s.status === 'loading') return retrying(s, false);
      if (s.status === 'live') return { ...s, status: 'ending' };
      return s;
    case 'drained':
      if (s.status !== 'ending') return s;
      return s.isLive ? { ...s, status: 'retrying', source: null } : offline(s);
    case 'failed':
      return s.status === 'offline' || s.status === 'retrying' ? s : retrying(s, true);
    case 'retry':
      if (s.status !== 'retrying') return s;
      return s.isLive ? attach(s) : offline(s);
    case 'reload':
      return s.status === 'offline' || !s.isLive ? s : attach({ ...s, failures: 0, reported: false });
  }
  return s;
}

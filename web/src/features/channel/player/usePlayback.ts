// Drives the playback state machine (playback.ts) with real sources: attaches
// and tears down sources by generation, drains the buffer when a stream
// ends, retries while the channel is live, watches for stalls, autoplays
// (muting when the browser blocks sound).
import { useCallback, useEffect, useReducer, useRef, useState } from 'react';
import { initialPlayback, reducePlayback, retryDelay, type PlaybackStatus } from './playback';
import { createHlsSource, createWhepSource, type PlaybackSource, type Quality, type SourceEvents } from './sources';

export type PlaybackMode = 'hls' | 'webrtc';

export interface PlaybackOptions {
  video: HTMLVideoElement | null;
  isLive: boolean;
  playbackUrl: string;
  whepUrl: string;
  mode: PlaybackMode;
  /** The viewer paused: do not start playing by ourselves. */
  userPaused: boolean;
  /** WebRTC playback is not available: switch back to HLS. */
  onUnsupported: () => void;
  /** Show "Error loading stream". */
  onError: () => void;
}

export interface Playback {
  status: PlaybackStatus;
  qualities: Quality[];
  /** Selected rendition id; -1 = Auto. */
  quality: number;
  setQuality: (id: number) => void;
  /** Moves the playhead to the live edge if it fell behind (after a pause). */
  seekToLive: () => void;
  /** Wall-clock time (epoch ms) of the frame on screen, or null when unknown (see PlaybackSource.mediaTime). */
  mediaTime: () => number | null;
}

/** No progress for this long while playing means the source is stuck. */
const STALL_MS = 8000;
/** Longest time spent playing out the buffer after a stream ended. */
const DRAIN_MAX_MS = 10_000;

/** play(); if the browser refuses sound without a user gesture, mute and try again (spec 2.4). */
export async function autoplay(video: HTMLVideoElement): Promise<void> {
  try {
    await video.play();
  } catch (err) {
    if (err instanceof DOMException && err.name === 'NotAllowedError' && !video.muted) {
      video.muted = true;
      await video.play().catch(() => {});
    }
  }
}

export function usePlayback(o: PlaybackOptions): Playback {
  const { video, isLive } = o;
  const [state, dispatch] = useReducer(reducePlayback, isLive, initialPlayback);
  const [qualities, setQualities] = useState<Quality[]>([]);
  const [quality, setQualityState] = useState(-1);
  const source = useRef<PlaybackSource | null>(null);
  // Latest options, read by long-lived callbacks without re-running effects.
  const opts = useRef(o);
  opts.current = o;

  useEffect(() => dispatch({ type: 'channel', isLive }), [isLive]);

  const mode = useRef(o.mode);
  useEffect(() => {
    if (mode.current === o.mode) return;
    mode.current = o.mode;
    dispatch({ type: 'reload' });
  }, [o.mode]);

  // Attach a source per generation.
  useEffect(() => {
    const gen = state.source;
    if (gen === null || !video) return;
    const events: SourceEvents = {
      ready: () => dispatch({ type: 'ready', source: gen }),
      lost: () => dispatch({ type: 'lost', source: gen }),
      failed: () => dispatch({ type: 'failed', source: gen }),
      unsupported: () => opts.current.onUnsupported(),
      qualities: (list) => {
        setQualities(list);
        setQualityState(-1);
      },
    };
    const { mode: m, playbackUrl, whepUrl } = opts.current;
    const src = m === 'webrtc' ? createWhepSource(video, whepUrl, events) : createHlsSource(video, playbackUrl, events);
    source.current = src;
    const onMetadata = () => {
      if (!opts.current.userPaused) void autoplay(video);
    };
    video.addEventListener('loadedmetadata', onMetadata);
    return () => {
      video.removeEventListener('loadedmetadata', onMetadata);
      src.destroy();
      if (source.current === src) source.current = null;
    };
  }, [state.source, video]);

  // The stream ended or was lost: stop fetching, play out the buffer, then report it drained.
  useEffect(() => {
    const gen = state.source;
    if (state.status !== 'ending' || gen === null || !video) return;
    const src = source.current;
    src?.stopLoading();
    const drained = () => dispatch({ type: 'drained', source: gen });
    const check = () => {
      if (video.paused || video.ended || !src || src.bufferedAhead() < 0.15) drained();
    };
    check();
    const poll = window.setInterval(check, 250);
    const cap = window.setTimeout(drained, DRAIN_MAX_MS);
    video.addEventListener('waiting', drained);
    video.addEventListener('ended', drained);
    return () => {
      window.clearInterval(poll);
      window.clearTimeout(cap);
      video.removeEventListener('waiting', drained);
      video.removeEventListener('ended', drained);
    };
  }, [state.status, state.source, video]);

  // Try again later while the channel is live.
  useEffect(() => {
    if (state.status !== 'retrying') return;
    const timer = window.setTimeout(() => dispatch({ type: 'retry' }), retryDelay(state.failures));
    return () => window.clearTimeout(timer);
  }, [state.status, state.failures]);

  // A live source that stops making progress while playing is treated as lost.
  useEffect(() => {
    const gen = state.source;
    if (state.status !== 'live' || gen === null || !video) return;
    let last = video.currentTime;
    let since = Date.now();
    const timer = window.setInterval(() => {
      if (video.paused || video.currentTime !== last) {
        last = video.currentTime;
        since = Date.now();
      } else if (Date.now() - since > STALL_MS) {
        dispatch({ type: 'lost', source: gen });
      }
    }, 1000);
    return () => window.clearInterval(timer);
  }, [state.status, state.source, video]);

  // WHEP answering 404 again and again while the channel says it is live:
  // this stream cannot be played over WebRTC (e.g. its codecs), use HLS.
  useEffect(() => {
    if (opts.current.mode === 'webrtc' && state.isLive && state.failures >= 3) opts.current.onUnsupported();
  }, [state.failures, state.isLive]);

  const errors = useRef(state.errors);
  useEffect(() => {
    if (state.errors > errors.current) opts.current.onError();
    errors.current = state.errors;
  }, [state.errors]);

  const setQuality = useCallback((id: number) => {
    setQualityState(id);
    source.current?.setQuality(id);
  }, []);

  const seekToLive = useCallback(() => {
    const edge = source.current?.liveSyncPosition();
    if (video && edge != null && video.currentTime < edge - 3) video.currentTime = edge;
  }, [video]);

  const mediaTime = useCallback(() => source.current?.mediaTime() ?? null, []);

  return { status: state.status, qualities, quality, setQuality, seekToLive, mediaTime };
}

// Playback sources: attach a stream to the <video> element and report what
// happens through SourceEvents. Two kinds: LL-HLS (hls.js, or the browser's
// own HLS where Media Source Extensions are missing) and WebRTC (WHEP).
import type Hls from 'hls.js';
import type { ErrorData, Level } from 'hls.js';
import { isApiError } from '../../../lib/api';
import { startWhep, type WhepSession } from '../../../lib/whep';

export interface Quality {
  /** hls.js level index. */
  id: number;
  /** e.g. "720p". */
  name: string;
}

export interface SourceEvents {
  /** Frames are available. */
  ready(): void;
  /** The stream went away (404, network failure). */
  lost(): void;
  /** An error the source could not recover from. */
  failed(): void;
  /** The source cannot be used at all here (e.g. no WHEP on this server). */
  unsupported(): void;
  /** The renditions the viewer may pick (empty: only "Auto"). */
  qualities(list: Quality[]): void;
}

export interface PlaybackSource {
  /** Stops fetching but keeps what is buffered playing. */
  stopLoading(): void;
  /** -1 = Auto. */
  setQuality(id: number): void;
  /** Where playback should resume to be at the live edge, if known. */
  liveSyncPosition(): number | null;
  /** Seconds of media buffered ahead of the playhead. */
  bufferedAhead(): number;
  /**
   * The wall-clock time (epoch ms, the server's clock) of the frame being
   * shown, or null when unknown. Stream actions are timed by it
   * (features/overlays): LL-HLS gives the program-date-time of the
   * playhead, WebRTC is sub-second behind the live edge, so "now".
   */
  mediaTime(): number | null;
  destroy(): void;
}

/**
 * hls.js settings: low-latency mode holds back what the playlist's
 * PART-HOLD-BACK says (see docs/benchmarks.md, "Ingest-to-display latency").
 * Catching up is the player's own (catchUpRate), so hls.js's is off.
 */
export const hlsConfig = {
  lowLatencyMode: true,
  maxLiveSyncPlaybackRate: 1,
  // hls.js never trims played media itself; the browser evicts it when its
  // buffer quota is reached. A finite back buffer makes hls.js flush once a
  // segment, and a flush that lands while an audio part is loading drops
  // that part's fragment from its tracker: the audio runs dry for 1-2 s
  // (docs/benchmarks.md, "Why audio streams stalled").
  backBufferLength: Infinity,
  enableWorker: true,
  // Give up quickly on a playlist that is gone: the player's own retry loop,
  // driven by the polled live status, takes over from there.
  manifestLoadPolicy: {
    default: {
      maxTimeToFirstByteMs: 10_000,
      maxLoadTimeMs: 20_000,
      timeoutRetry: { maxNumRetry: 1, retryDelayMs: 0, maxRetryDelayMs: 0 },
      errorRetry: { maxNumRetry: 1, retryDelayMs: 500, maxRetryDelayMs: 1000 },
    },
  },
} as const;

/**
 * The playback rate that brings a low-latency stream back to hls.js's target
 * latency: 1.1x while the playhead is more than 0.1 s behind the target
 * (`behind`, seconds; further than 3 s is a viewer who paused: left alone)
 * and more than two parts (0.4 s) are buffered ahead. hls.js's own catch-up
 * waits for more than 1 s buffered ahead, which a low-latency stream never
 * has, so whatever start-up costs was never won back (about 0.9 s behind
 * live instead of 0.6 s; docs/benchmarks.md).
 */
export function catchUpRate(behind: number, ahead: number): number {
  return behind > 0.1 && behind < 3 && ahead > 0.4 ? 1.1 : 1;
}

/** How often the player checks its latency (catchUpRate). */
const catchUpEveryMs = 250;

function bufferedAhead(video: HTMLVideoElement): number {
  const t = video.currentTime;
  for (let i = 0; i < video.buffered.length; i++) {
    if (video.buffered.start(i) <= t + 0.1 && video.buffered.end(i) >= t) return video.buffered.end(i) - t;
  }
  return 0;
}

type DatedVideo = HTMLVideoElement & { getStartDate?: () => Date };

/** Native HLS (Safari): the playlist's program-date-time at currentTime 0, plus currentTime. */
function nativeMediaTime(video: HTMLVideoElement): number | null {
  const start = (video as DatedVideo).getStartDate?.().getTime();
  if (start === undefined || !Number.isFinite(start) || start <= 0) return null;
  return start + video.currentTime * 1000;
}

function levelName(level: Level): string {
  if (level.name && !/^\d+$/.test(level.name)) return level.name;
  if (level.height) return `${level.height}p`;
  return `${Math.round(level.bitrate / 1000)} kbps`;
}

/** Whether an hls.js error means "the stream is not there (any more)": its playlist answers 404. */
function isGone(data: ErrorData): boolean {
  const code = data.response?.code;
  const playlist = data.details === 'manifestLoadError' || data.details === 'levelLoadError' || data.details === 'audioTrackLoadError';
  return playlist && (code === 404 || code === 410);
}

/** Plays `url` with hls.js, or natively when Media Source Extensions are missing (iOS Safari). */
export function createHlsSource(video: HTMLVideoElement, url: string, events: SourceEvents): PlaybackSource {
  let hls: Hls | null = null;
  let catchUp: ReturnType<typeof setInterval> | undefined;
  let destroyed = false;
  let mediaRecoveries = 0;
  let done = false; // lost/failed reported: stay quiet afterwards
  // How far behind the wall clock the last media time reading was, for the
  // moments hls.js cannot tell (between fragments, while switching levels).
  let lag: number | null = null;

  const once = (fn: () => void) => {
    if (done) return;
    done = true;
    fn();
  };
  const onData = () => {
    if (video.readyState >= 2) events.ready();
  };
  const onNativeError = () => once(events.lost);
  video.addEventListener('loadeddata', onData);
  video.addEventListener('canplay', onData);

  const start = async () => {
    const { default: HlsClass } = await import('hls.js');
    if (destroyed) return;
    if (!HlsClass.isSupported()) {
      if (video.canPlayType('application/vnd.apple.mpegurl')) {
        video.addEventListener('error', onNativeError);
        video.src = url;
        events.qualities([]);
      } else {
        once(events.failed);
      }
      return;
    }
    const h = new HlsClass({ ...hlsConfig });
    hls = h;
    h.on(HlsClass.Events.MANIFEST_PARSED, (_e, data) => {
      events.qualities(data.levels.map((l, id) => ({ id, name: levelName(l) })));
    });
    h.on(HlsClass.Events.ERROR, (_e, data) => {
      const { ErrorTypes } = HlsClass;
      if (isGone(data)) {
        once(events.lost);
        return;
      }
      if (!data.fatal) return;
      if (data.type === ErrorTypes.MEDIA_ERROR && mediaRecoveries < 2) {
        mediaRecoveries += 1;
        h.recoverMediaError();
        return;
      }
      if (data.type === ErrorTypes.NETWORK_ERROR) once(events.lost);
      else once(events.failed);
    });
    h.attachMedia(video);
    h.loadSource(url);
    catchUp = setInterval(() => {
      const target = h.targetLatency;
      if (target === null || !Number.isFinite(h.latency) || video.paused || video.playbackRate === 0) return;
      const rate = catchUpRate(h.latency - target, bufferedAhead(video));
      if (video.playbackRate !== rate) video.playbackRate = rate;
    }, catchUpEveryMs);
  };
  start().catch(() => once(events.failed));

  return {
    stopLoading() {
      hls?.stopLoad();
    },
    setQuality(id) {
      if (!hls) return;
      // nextLevel switches at the next fragment boundary without flushing; Auto re-enables ABR.
      hls.nextLevel = id;
      if (id === -1) hls.currentLevel = -1;
    },
    liveSyncPosition() {
      return hls?.liveSyncPosition ?? null;
    },
    bufferedAhead: () => bufferedAhead(video),
    mediaTime() {
      const t = hls ? (hls.playingDate?.getTime() ?? null) : nativeMediaTime(video);
      if (t !== null && Number.isFinite(t)) {
        lag = Date.now() - t;
        return t;
      }
      return lag === null ? null : Date.now() - lag;
    },
    destroy() {
      destroyed = true;
      done = true;
      clearInterval(catchUp);
      if (video.playbackRate !== 0) video.playbackRate = 1; // the element may play WebRTC next
      video.removeEventListener('loadeddata', onData);
      video.removeEventListener('canplay', onData);
      video.removeEventListener('error', onNativeError);
      if (hls) {
        hls.destroy();
        hls = null;
      } else if (video.getAttribute('src')) {
        video.removeAttribute('src');
        video.load();
      }
    },
  };
}

/** Plays `url` over WebRTC (WHEP). A 404 means offline; other failures mean WHEP is unusable here. */
export function createWhepSource(video: HTMLVideoElement, url: string, events: SourceEvents): PlaybackSource {
  const abort = new AbortController();
  let session: WhepSession | null = null;
  let done = false;
  const once = (fn: () => void) => {
    if (done) return;
    done = true;
    fn();
  };
  const onData = () => {
    if (video.readyState >= 2) events.ready();
  };
  video.addEventListener('loadeddata', onData);
  video.addEventListener('canplay', onData);
  events.qualities([]);

  startWhep(url, { signal: abort.signal, onDisconnect: () => once(events.lost) })
    .then((s) => {
      if (abort.signal.aborted) {
        void s.stop();
        return;
      }
      session = s;
      video.srcObject = s.stream;
    })
    .catch((err: unknown) => {
      if (abort.signal.aborted) return;
      if (isApiError(err) && (err.status === 404 || err.status === 410)) once(events.lost);
      else once(events.unsupported);
    });

  return {
    stopLoading() {},
    setQuality() {},
    liveSyncPosition: () => null,
    bufferedAhead: () => 0,
    // Sub-second behind the live edge: an action shows as soon as it arrives.
    mediaTime: () => Date.now(),
    destroy() {
      done = true;
      abort.abort();
      video.removeEventListener('loadeddata', onData);
      video.removeEventListener('canplay', onData);
      if (session) void session.stop();
      session = null;
      if (video.srcObject) video.srcObject = null;
    },
  };
}

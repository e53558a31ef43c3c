// The media clock of the playback sources (what stream actions are timed by).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { catchUpRate, createHlsSource, createWhepSource, type SourceEvents } from './sources';

const hlsState = vi.hoisted(() => ({
  supported: true,
  playingDate: null as Date | null,
  latency: NaN,
  targetLatency: null as number | null,
}));

vi.mock('hls.js', () => {
  class FakeHls {
    static isSupported = () => hlsState.supported;
    static Events = { MANIFEST_PARSED: 'manifestParsed', ERROR: 'error' };
    static ErrorTypes = { MEDIA_ERROR: 'mediaError', NETWORK_ERROR: 'networkError' };
    get playingDate() {
      return hlsState.playingDate;
    }
    get latency() {
      return hlsState.latency;
    }
    get targetLatency() {
      return hlsState.targetLatency;
    }
    on() {}
    attachMedia() {}
    loadSource() {}
    destroy() {}
  }
  return { default: FakeHls };
});

vi.mock('../../../lib/whep', () => ({ startWhep: () => new Promise(() => {}) }));

const events = (): SourceEvents => ({ ready: vi.fn(), lost: vi.fn(), failed: vi.fn(), unsupported: vi.fn(), qualities: vi.fn() });
const flush = () => new Promise((r) => setTimeout(r, 0));

afterEach(() => {
  vi.useRealTimers();
  hlsState.supported = true;
  hlsState.playingDate = null;
  hlsState.latency = NaN;
  hlsState.targetLatency = null;
});

describe('catch-up', () => {
  it.each([
    { behind: 0.5, ahead: 0.9, rate: 1.1, why: 'behind the target with parts to spare' },
    { behind: 0.1, ahead: 0.9, rate: 1, why: 'within 0.1 s of the target' },
    { behind: 0.5, ahead: 0.4, rate: 1, why: 'two parts or less buffered: speeding up would stall' },
    { behind: 3, ahead: 5, rate: 1, why: 'far behind: a viewer who paused' },
    { behind: -0.2, ahead: 0.9, rate: 1, why: 'ahead of the target' },
  ])('$rate when $why', ({ behind, ahead, rate }) => {
    expect(catchUpRate(behind, ahead)).toBe(rate);
  });

  it('hls.js: the player plays faster while behind, and at 1x again when caught up or destroyed', async () => {
    vi.useFakeTimers();
    const video = document.createElement('video');
    Object.defineProperty(video, 'paused', { value: false });
    Object.defineProperty(video, 'buffered', { value: { length: 1, start: () => 0, end: () => 1 } });
    const src = createHlsSource(video, '/hls/x/index.m3u8', events());
    await vi.advanceTimersByTimeAsync(0);
    hlsState.targetLatency = 0.5;
    hlsState.latency = 1.0;
    await vi.advanceTimersByTimeAsync(300);
    expect(video.playbackRate).toBe(1.1);
    hlsState.latency = 0.55;
    await vi.advanceTimersByTimeAsync(300);
    expect(video.playbackRate).toBe(1);
    hlsState.latency = 1.0;
    await vi.advanceTimersByTimeAsync(300);
    expect(video.playbackRate).toBe(1.1);
    src.destroy();
    expect(video.playbackRate).toBe(1);
  });
});

describe('mediaTime', () => {
  it('hls.js: the program-date-time of the playhead; a gap reads on at the last known lag', async () => {
    const src = createHlsSource(document.createElement('video'), '/hls/x/index.m3u8', events());
    await flush();
    expect(src.mediaTime()).toBeNull();
    vi.useFakeTimers({ now: 1_000_000 });
    hlsState.playingDate = new Date(1_000_000 - 1500);
    expect(src.mediaTime()).toBe(1_000_000 - 1500);
    hlsState.playingDate = null;
    vi.advanceTimersByTime(200);
    expect(src.mediaTime()).toBe(1_000_200 - 1500);
    src.destroy();
  });

  it('native HLS (no Media Source Extensions): getStartDate() + currentTime', async () => {
    hlsState.supported = false;
    const video = document.createElement('video');
    video.canPlayType = () => 'maybe';
    video.load = () => {};
    const src = createHlsSource(video, '/hls/x/index.m3u8', events());
    await flush();
    expect(src.mediaTime()).toBeNull();
    Object.assign(video, { getStartDate: () => new Date(5_000_000) });
    Object.defineProperty(video, 'currentTime', { value: 2.5 });
    expect(src.mediaTime()).toBe(5_002_500);
    src.destroy();
  });

  it('WebRTC: now', () => {
    vi.useFakeTimers({ now: 42_000 });
    const src = createWhepSource(document.createElement('video'), '/whep/x', events());
    expect(src.mediaTime()).toBe(42_000);
    src.destroy();
  });
});

// The media clock of the playback sources (what stream actions are timed by).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createHlsSource, createWhepSource, type SourceEvents } from './sources';

const hlsState = vi.hoisted(() => ({ supported: true, playingDate: null as Date | null }));

vi.mock('hls.js', () => {
  class FakeHls {
    static isSupported = () => hlsState.supported;
    static Events = { MANIFEST_PARSED: 'manifestParsed', ERROR: 'error' };
    static ErrorTypes = { MEDIA_ERROR: 'mediaError', NETWORK_ERROR: 'networkError' };
    get playingDate() {
      return hlsState.playingDate;
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

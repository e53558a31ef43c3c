import { describe, expect, it } from 'vitest';
import {
  initialPlayback,
  reducePlayback,
  REPORT_AFTER_FAILURES,
  retryDelay,
  type PlaybackEvent,
  type PlaybackState,
} from './playback';

function run(s: PlaybackState, ...events: PlaybackEvent[]): PlaybackState {
  return events.reduce(reducePlayback, s);
}

/** The source generation currently attached (fails the test if none). */
function src(s: PlaybackState): number {
  if (s.source === null) throw new Error(`no source in ${s.status}`);
  return s.source;
}

describe('player state machine', () => {
  it('starts offline, or loading a first source when live', () => {
    expect(initialPlayback(false)).toMatchObject({ status: 'offline', source: null });
    expect(initialPlayback(true)).toMatchObject({ status: 'loading', source: 1 });
  });

  it('goes live when the poll says so and the source has frames', () => {
    let s = run(initialPlayback(false), { type: 'channel', isLive: true });
    expect(s.status).toBe('loading');
    s = run(s, { type: 'ready', source: src(s) });
    expect(s).toMatchObject({ status: 'live', failures: 0 });
  });

  it('ends: plays out the buffer, then offline', () => {
    let s = initialPlayback(true);
    const gen = src(s);
    s = run(s, { type: 'ready', source: gen }, { type: 'channel', isLive: false });
    expect(s).toMatchObject({ status: 'ending', source: gen });
    s = run(s, { type: 'drained', source: gen });
    expect(s).toMatchObject({ status: 'offline', source: null });
    expect(s.errors).toBe(0);
  });

  it('a lost source drains first, even before the poll notices', () => {
    let s = initialPlayback(true);
    const gen = src(s);
    s = run(s, { type: 'ready', source: gen }, { type: 'lost', source: gen });
    expect(s.status).toBe('ending');
    // The poll catches up while draining: offline once drained.
    s = run(s, { type: 'channel', isLive: false }, { type: 'drained', source: gen });
    expect(s.status).toBe('offline');
  });

  it('reconnect: an encoder that drops while the poll still says live gets a fresh source', () => {
    let s = initialPlayback(true);
    const first = src(s);
    s = run(s, { type: 'ready', source: first }, { type: 'lost', source: first }, { type: 'drained', source: first });
    expect(s).toMatchObject({ status: 'retrying', source: null });
    s = run(s, { type: 'retry' });
    expect(s.status).toBe('loading');
    const second = src(s);
    expect(second).toBeGreaterThan(first);
    // The playlist is not back yet (404): retry quietly.
    s = run(s, { type: 'lost', source: second }, { type: 'retry' });
    s = run(s, { type: 'ready', source: src(s) });
    expect(s).toMatchObject({ status: 'live', failures: 0, errors: 0 });
  });

  it('reconnect through offline: the poll brings it back without a reload', () => {
    let s = initialPlayback(true);
    const first = src(s);
    s = run(s, { type: 'ready', source: first }, { type: 'channel', isLive: false }, { type: 'drained', source: first });
    expect(s.status).toBe('offline');
    s = run(s, { type: 'channel', isLive: true });
    expect(s.status).toBe('loading');
    s = run(s, { type: 'ready', source: src(s) });
    expect(s.status).toBe('live');
  });

  it('404s right after going live are not errors; only a long streak is reported, once', () => {
    let s = initialPlayback(true);
    for (let i = 1; i < REPORT_AFTER_FAILURES; i++) {
      s = run(s, { type: 'lost', source: src(s) }, { type: 'retry' });
      expect(s.errors).toBe(0);
    }
    s = run(s, { type: 'lost', source: src(s) });
    expect(s).toMatchObject({ status: 'retrying', errors: 1, reported: true });
    s = run(s, { type: 'retry' });
    s = run(s, { type: 'lost', source: src(s) });
    expect(s.errors).toBe(1);
    // A successful start clears the streak.
    s = run(s, { type: 'retry' });
    s = run(s, { type: 'ready', source: src(s) });
    expect(s).toMatchObject({ status: 'live', failures: 0, reported: false });
  });

  it('an unrecoverable playback error is reported at once and retried', () => {
    let s = initialPlayback(true);
    const gen = src(s);
    s = run(s, { type: 'ready', source: gen }, { type: 'failed', source: gen });
    expect(s).toMatchObject({ status: 'retrying', source: null, errors: 1 });
    s = run(s, { type: 'retry' });
    expect(s.status).toBe('loading');
  });

  it('stops retrying once the channel is offline', () => {
    let s = initialPlayback(true);
    s = run(s, { type: 'lost', source: src(s) });
    expect(s.status).toBe('retrying');
    expect(run(s, { type: 'channel', isLive: false })).toMatchObject({ status: 'offline', failures: 0 });
    // A retry timer that fires after the poll said offline does not attach anything.
    expect(run({ ...s, isLive: false }, { type: 'retry' }).status).toBe('offline');
  });

  it('ignores events from a source that was replaced', () => {
    let s = initialPlayback(true);
    const old = src(s);
    s = run(s, { type: 'reload' });
    expect(src(s)).not.toBe(old);
    const before = s;
    expect(run(s, { type: 'ready', source: old })).toBe(before);
    expect(run(s, { type: 'lost', source: old })).toBe(before);
    expect(run(s, { type: 'failed', source: old })).toBe(before);
  });

  it('reload (HLS <-> WebRTC) restarts a live player and leaves an offline one alone', () => {
    let s = initialPlayback(true);
    s = run(s, { type: 'ready', source: src(s) }, { type: 'reload' });
    expect(s.status).toBe('loading');
    const off = initialPlayback(false);
    expect(run(off, { type: 'reload' })).toBe(off);
  });

  it('retries soon, then backs off to 5 s', () => {
    expect(retryDelay(1)).toBe(1000);
    expect(retryDelay(4)).toBe(2000);
    expect(retryDelay(5)).toBe(3000);
    expect(retryDelay(12)).toBe(5000);
  });
});

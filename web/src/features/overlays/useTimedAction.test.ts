// The timing of stream actions against a fake playback clock.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { act, renderHook } from '@testing-library/react';
import type { StreamAction } from '../../lib/types';
import type { PlaybackClock } from './clock';
import { T0, celebration, pollAction, product, quiz } from './fixtures';
import { advance, emptyTimed, expiryOf, needsTick, receive } from './timing';
import { TICK_MS, useTimedAction } from './useTimedAction';

describe('timing (pure)', () => {
  it('pending until the clock reaches startTime, visible until expiry, then done for good', () => {
    const q = quiz(T0);
    let s = receive(emptyTimed, q);
    expect(s.pending).toBe(q);
    expect(needsTick(s)).toBe(true);
    s = advance(s, T0 - 1, 0);
    expect(s.visible).toBeNull();
    s = advance(s, T0, 5);
    expect(s.visible).toEqual({ action: q, shownAt: 5, mediaTimeAtShow: T0 });
    expect(advance(s, T0 + 11_999, 6)).toBe(s);
    s = advance(s, T0 + 12_000, 7);
    expect(s.visible).toBeNull();
    expect(needsTick(s)).toBe(false);
    // A late poll of the channel naming it again does not bring it back.
    expect(advance(receive(s, q), T0 + 1000, 8).visible).toBeNull();
  });

  it('falls back to the spec durations when the server sent no expiry', () => {
    expect(expiryOf(quiz(T0, { expiry: null }))).toBe(T0 + 12_000);
    expect(expiryOf({ ...celebration(T0), expiry: null })).toBe(T0 + 10_000);
    expect(expiryOf(product(T0))).toBeNull();
  });

  it('a poll stays through its results: the server clears it 10 s after the end, the viewer 12 s', () => {
    // The server's expiry of a poll is the end of voting.
    const a = { ...pollAction(T0), expiry: new Date(T0 + 30_000).toISOString() };
    expect(expiryOf(a)).toBe(T0 + 30_000 + 12_000);
    expect(expiryOf({ ...a, expiry: null, poll: undefined })).toBe(T0 + 30_000 + 12_000);
    // Stopped early: the final tally's endTime is when it ended.
    const stopped = { ...a, poll: { ...a.poll!, endTime: new Date(T0 + 5000).toISOString(), ended: true } };
    expect(expiryOf(stopped)).toBe(T0 + 5000 + 12_000);
  });

  it('an action already over when its start is reached is never shown, and ends the older one', () => {
    const p = product(T0);
    let s = advance(receive(emptyTimed, p), T0, 0);
    s = advance(receive(s, quiz(T0 + 1000)), T0 + 20_000, 1);
    expect(s.visible).toBeNull();
    expect(s.pending).toBeNull();
  });
});

/** A clock the test moves; null = unknown (the hook then reads Date.now()). */
function fakeClock(start: number | null) {
  let t = start;
  const clock: PlaybackClock = { mediaTime: () => t };
  return {
    clock,
    set: (v: number | null) => {
      t = v;
    },
  };
}

function setup(initial: StreamAction | null, media: number | null, isLive = true) {
  const c = fakeClock(media);
  const hook = renderHook(({ action, live }) => useTimedAction(action, c.clock, { isLive: live }), {
    initialProps: { action: initial, live: isLive },
  });
  const tick = (ms = TICK_MS) => act(() => vi.advanceTimersByTime(ms));
  const visibleId = () => hook.result.current.visible?.action.id ?? null;
  return { ...c, hook, tick, visibleId };
}

describe('useTimedAction', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(T0 + 3000); // the viewer's wall clock: 3 s ahead of their playback
    window.__onairOverlayLog = [];
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('waits for the playback to reach startTime, shows within one tick, logs it and ends at expiry', () => {
    const q = quiz(T0 + 1000);
    const t = setup(null, T0);
    t.hook.rerender({ action: q, live: true });
    expect(t.hook.result.current.pending).toBe(q);
    expect(t.visibleId()).toBeNull();

    t.set(T0 + 999);
    t.tick();
    expect(t.visibleId()).toBeNull();

    t.set(T0 + 1000);
    t.tick();
    expect(t.visibleId()).toBe(q.id);
    expect(t.hook.result.current.visible?.mediaTimeAtShow).toBe(T0 + 1000);
    expect(window.__onairOverlayLog).toEqual([
      { id: q.id, name: 'quiz', startTime: q.startTime, shownAt: expect.any(Number), mediaTime: T0 + 1000 },
    ]);

    t.set(T0 + 1000 + 11_999);
    t.tick();
    expect(t.visibleId()).toBe(q.id);
    t.set(T0 + 1000 + 12_000);
    t.tick();
    expect(t.visibleId()).toBeNull();
    expect(window.__onairOverlayLog).toHaveLength(1);
  });

  it('stops reading the clock when nothing is pending or timed', () => {
    const spy = vi.fn(() => T0);
    const clock: PlaybackClock = { mediaTime: spy };
    const p = product(T0 - 10);
    renderHook(() => useTimedAction(p, clock));
    const reads = spy.mock.calls.length;
    act(() => vi.advanceTimersByTime(1000));
    expect(spy.mock.calls.length).toBe(reads);
  });

  it('a late joiner sees the active action at once, for its remaining time only', () => {
    // Sent 8 s (media time) ago with a 12 s life: 4 s left.
    const q = quiz(T0 - 8000);
    const t = setup(q, T0);
    expect(t.visibleId()).toBe(q.id);
    t.set(T0 + 3999);
    t.tick();
    expect(t.visibleId()).toBe(q.id);
    t.set(T0 + 4000);
    t.tick();
    expect(t.visibleId()).toBeNull();
  });

  it('a late joiner whose action is already over sees nothing', () => {
    const t = setup(quiz(T0 - 20_000), T0);
    expect(t.visibleId()).toBeNull();
    expect(t.hook.result.current.pending).toBeNull();
  });

  it('a replacing action waits for its own startTime; the old one stays until then', () => {
    const p = product(T0 - 5000);
    const t = setup(p, T0);
    expect(t.visibleId()).toBe(p.id);
    const q = quiz(T0 + 2000);
    t.hook.rerender({ action: q, live: true });
    t.set(T0 + 1950);
    t.tick();
    expect(t.visibleId()).toBe(p.id);
    t.set(T0 + 2000);
    t.tick();
    expect(t.visibleId()).toBe(q.id);
  });

  it('the same action name again restarts under its new id', () => {
    const a = quiz(T0 - 1000);
    const t = setup(a, T0);
    const b = quiz(T0 + 500);
    t.hook.rerender({ action: b, live: true });
    t.set(T0 + 500);
    t.tick();
    expect(t.visibleId()).toBe(b.id);
    expect(window.__onairOverlayLog?.map((e) => e.id)).toEqual([a.id, b.id]);
  });

  it('a stop clears at once, also what was still pending', () => {
    const p = product(T0 - 1000);
    const t = setup(p, T0);
    t.hook.rerender({ action: quiz(T0 + 5000), live: true });
    t.hook.rerender({ action: null, live: true });
    expect(t.visibleId()).toBeNull();
    expect(t.hook.result.current.pending).toBeNull();
    t.set(T0 + 6000);
    t.tick();
    expect(t.visibleId()).toBeNull();
  });

  it('the stream going offline clears everything', () => {
    const p = product(T0 - 1000);
    const t = setup(p, T0);
    t.hook.rerender({ action: p, live: false });
    expect(t.visibleId()).toBeNull();
    // Back live with the same (stale) action: it does not come back.
    t.hook.rerender({ action: p, live: true });
    expect(t.visibleId()).toBeNull();
  });

  it('updates of the visible action (a poll tally) do not restart it', () => {
    const a = pollAction(T0 - 1000);
    const t = setup(a, T0);
    const shownAt = t.hook.result.current.visible?.shownAt;
    const updated = { ...a, poll: { ...a.poll!, totalVotes: 3 } };
    t.hook.rerender({ action: updated, live: true });
    expect(t.hook.result.current.visible?.action).toBe(updated);
    expect(t.hook.result.current.visible?.shownAt).toBe(shownAt);
    expect(window.__onairOverlayLog).toHaveLength(1);
  });

  it('a poll stays up for its results after voting ends', () => {
    const a = pollAction(T0 - 1000); // voting ends at T0 + 29 s
    const t = setup(a, T0);
    t.set(T0 + 29_000 + 10_000);
    t.tick();
    expect(t.visibleId()).toBe(a.id);
    // The server's clear (streamAction null) normally comes first; else 12 s after the end.
    t.set(T0 + 29_000 + 12_000);
    t.tick();
    expect(t.visibleId()).toBeNull();
  });

  it('dismiss closes the visible action for good', () => {
    const q = quiz(T0 - 1000);
    const t = setup(q, T0);
    act(() => t.hook.result.current.dismiss(q.id));
    expect(t.visibleId()).toBeNull();
    t.hook.rerender({ action: { ...q }, live: true });
    expect(t.visibleId()).toBeNull();
  });

  it('an unknown clock reads the viewer wall clock', () => {
    const q = quiz(T0 + 3500);
    const t = setup(q, null); // wall clock T0 + 3000
    expect(t.visibleId()).toBeNull();
    t.tick(500);
    expect(t.visibleId()).toBe(q.id);
  });
});

import { describe, expect, it } from 'vitest';
import {
  customZoom,
  defaultZoom,
  indexAt,
  MIN_WINDOW_POINTS,
  moveThumb,
  presetWindow,
  resolveWindow,
  timeAt,
  timelineOf,
  windowLabels,
  type Timeline,
  type ZoomIntent,
} from './zoom';

/** Local time on Nov 24, 2022, so the formatted times do not depend on the time zone. */
const at = (h: number, m: number, s = 0) => new Date(2022, 10, 24, h, m, s).getTime();

/** count points every 5 s from 7:00 PM. */
const fiveSeconds = (count: number): Timeline => ({ startMs: at(19, 0), periodMs: 5000, count });

describe('defaultZoom', () => {
  it('is 5 min live and all offline', () => {
    expect(defaultZoom(true)).toEqual({ preset: '5m' });
    expect(defaultZoom(false)).toEqual({ preset: 'all' });
  });
});

describe('timelineOf', () => {
  const every = (start: number, period: number, n: number) => ({
    times: Array.from({ length: n }, (_, i) => start + i * period),
    values: Array.from({ length: n }, () => 1),
  });
  it.each([
    { name: 'no series', series: [], want: null },
    { name: 'only short series', series: [every(0, 5, 1), every(0, 5, 0)], want: null },
    { name: 'one series', series: [every(100, 5, 4)], want: { startMs: 100, periodMs: 5, count: 4 } },
    { name: 'short series ignored', series: [every(0, 5, 1), every(100, 5, 3)], want: { startMs: 100, periodMs: 5, count: 3 } },
    { name: 'union of both, finest period', series: [every(0, 10, 3), every(10, 5, 5)], want: { startMs: 0, periodMs: 5, count: 7 } },
  ])('$name', ({ series, want }) => expect(timelineOf(series)).toEqual(want));
});

describe('indexAt and timeAt', () => {
  const t = fiveSeconds(10);
  it.each([
    [at(19, 0), 0],
    [at(19, 0, 12), 2],
    [at(19, 0, 13), 3],
    [at(18, 0), 0],
    [at(20, 0), 9],
  ])('time %i -> index %i', (ms, i) => expect(indexAt(t, ms)).toBe(i));
  it('timeAt is the inverse on points', () => expect(indexAt(t, timeAt(t, 7))).toBe(7));
});

describe('presetWindow', () => {
  it.each([
    { name: 'all', preset: 'all' as const, t: fiveSeconds(1000), want: { start: 0, end: 999 } },
    { name: '5 min at 5 s is 60 intervals', preset: '5m' as const, t: fiveSeconds(1000), want: { start: 939, end: 999 } },
    { name: '30 min at 5 s', preset: '30m' as const, t: fiveSeconds(1000), want: { start: 639, end: 999 } },
    { name: '1 hr longer than the data shows all', preset: '1h' as const, t: fiveSeconds(100), want: { start: 0, end: 99 } },
    {
      name: '5 min at 60 s keeps the minimum gap',
      preset: '5m' as const,
      t: { startMs: 0, periodMs: 60_000, count: 100 },
      want: { start: 99 - MIN_WINDOW_POINTS, end: 99 },
    },
    { name: 'fewer points than the gap', preset: '5m' as const, t: fiveSeconds(3), want: { start: 0, end: 2 } },
  ])('$name', ({ preset, t, want }) => expect(presetWindow(preset, t)).toEqual(want));
});

describe('resolveWindow', () => {
  const t = fiveSeconds(100);
  const custom = (start: number, end: number, pinned: boolean): ZoomIntent => ({
    preset: null,
    startMs: timeAt(t, start),
    endMs: timeAt(t, end),
    pinned,
  });
  it.each([
    { name: 'preset', intent: { preset: '5m' } as ZoomIntent, t, want: { start: 39, end: 99 } },
    { name: 'custom window', intent: custom(10, 40, false), t, want: { start: 10, end: 40 } },
    { name: 'custom window, more data arrived', intent: custom(10, 40, false), t: fiveSeconds(150), want: { start: 10, end: 40 } },
    { name: 'pinned window extends to new data', intent: custom(10, 99, true), t: fiveSeconds(150), want: { start: 10, end: 149 } },
    { name: 'preset follows new data', intent: { preset: '5m' } as ZoomIntent, t: fiveSeconds(150), want: { start: 89, end: 149 } },
    {
      name: 'first point moved later (live 3 h window): start clamps to 0',
      intent: custom(10, 40, false),
      t: { startMs: timeAt(t, 20), periodMs: 5000, count: 100 },
      want: { start: 0, end: 20 },
    },
    {
      name: 'window squeezed below the gap is widened backwards',
      intent: custom(0, 80, false),
      t: { startMs: timeAt(t, 78), periodMs: 5000, count: 100 },
      want: { start: 0, end: MIN_WINDOW_POINTS },
    },
    { name: 'short timeline shows all of it', intent: custom(0, 1, false), t: fiveSeconds(3), want: { start: 0, end: 2 } },
  ])('$name', ({ intent, t, want }) => expect(resolveWindow(intent, t)).toEqual(want));
});

describe('moveThumb', () => {
  const t = fiveSeconds(100);
  const win = { start: 20, end: 60 };
  it.each([
    { name: 'start moves', thumb: 'start' as const, to: 30, t, want: { start: 30, end: 60 } },
    { name: 'start stops the gap before the end', thumb: 'start' as const, to: 59, t, want: { start: 54, end: 60 } },
    { name: 'start cannot pass 0', thumb: 'start' as const, to: -5, t, want: { start: 0, end: 60 } },
    { name: 'end moves', thumb: 'end' as const, to: 99, t, want: { start: 20, end: 99 } },
    { name: 'end stops the gap after the start', thumb: 'end' as const, to: 21, t, want: { start: 20, end: 26 } },
    { name: 'end cannot pass the last point', thumb: 'end' as const, to: 500, t, want: { start: 20, end: 99 } },
    { name: 'short timeline', thumb: 'end' as const, to: 0, t: fiveSeconds(4), win: { start: 0, end: 3 }, want: { start: 0, end: 3 } },
  ])('$name', ({ thumb, to, t, want, ...rest }) => expect(moveThumb(rest.win ?? win, thumb, to, t)).toEqual(want));
});

describe('customZoom', () => {
  const t = fiveSeconds(100);
  it('records the times and whether the end is the latest point', () => {
    expect(customZoom({ start: 10, end: 99 }, t)).toEqual({ preset: null, startMs: timeAt(t, 10), endMs: timeAt(t, 99), pinned: true });
    expect(customZoom({ start: 10, end: 98 }, t)).toMatchObject({ pinned: false });
  });
  it('round-trips through resolveWindow', () => {
    const win = { start: 12, end: 70 };
    expect(resolveWindow(customZoom(win, t), t)).toEqual(win);
  });
});

describe('windowLabels', () => {
  const t: Timeline = { startMs: at(19, 30), periodMs: 60_000, count: 61 };
  it.each([
    { name: 'live at the latest point', win: { start: 0, end: 60 }, live: true, want: { start: 'Nov 24 7:30 PM', end: 'Now' } },
    { name: 'offline at the latest point', win: { start: 0, end: 60 }, live: false, want: { start: 'Nov 24 7:30 PM', end: '8:30 PM' } },
    { name: 'live, earlier window', win: { start: 0, end: 30 }, live: true, want: { start: 'Nov 24 7:30 PM', end: '8:00 PM' } },
    {
      name: 'across midnight shows the day',
      win: { start: 0, end: 300 },
      live: false,
      t: { startMs: at(22, 0), periodMs: 60_000, count: 301 },
      want: { start: 'Nov 24 10:00 PM', end: 'Nov 25 3:00 AM' },
    },
  ])('$name', ({ win, live, want, ...rest }) => expect(windowLabels(win, rest.t ?? t, live)).toEqual(want));
});

// The window of time both charts show (spec 9.3): zoom presets, the
// two-thumb slider over point indices, and following live data.
import { formatDayTime, formatTime, calendarDaysBetween } from '../format';
import type { ChartSeries } from './series';

/** The points shared by the charts: point i is at startMs + i x periodMs. */
export interface Timeline {
  startMs: number;
  periodMs: number;
  count: number;
}

/** First and last point shown, as indices into a Timeline; end - start >= the minimum gap. */
export interface IndexWindow {
  start: number;
  end: number;
}

/** The slider thumbs stay at least this many points apart. */
export const MIN_WINDOW_POINTS = 6;

export type ZoomPreset = 'all' | '1h' | '30m' | '5m';

export const ZOOM_PRESETS: readonly { preset: ZoomPreset; label: string; ariaLabel: string; seconds: number | null }[] = [
  { preset: 'all', label: 'All', ariaLabel: 'Show all of the data', seconds: null },
  { preset: '1h', label: '1 hr', ariaLabel: 'Show the latest 1 hour of data', seconds: 3600 },
  { preset: '30m', label: '30 min', ariaLabel: 'Show the latest 30 minutes of data', seconds: 1800 },
  { preset: '5m', label: '5 min', ariaLabel: 'Show the latest 5 minutes of data', seconds: 300 },
];

/**
 * What the user asked to see. It is kept in times rather than indices so it
 * survives refreshes that add points or move the first one; a preset or a
 * pinned custom window follows the latest point.
 */
export type ZoomIntent =
  | { preset: ZoomPreset }
  | { preset: null; startMs: number; endMs: number; pinned: boolean };

export function defaultZoom(isLive: boolean): ZoomIntent {
  return { preset: isLive ? '5m' : 'all' };
}

/** One timeline for both charts: from the earliest first point to the latest last point at the finest period. */
export function timelineOf(series: readonly ChartSeries[]): Timeline | null {
  const usable = series.filter((s) => s.times.length >= 2);
  if (usable.length === 0) return null;
  const startMs = Math.min(...usable.map((s) => s.times[0]!));
  const endMs = Math.max(...usable.map((s) => s.times.at(-1)!));
  const periodMs = Math.min(...usable.map((s) => s.times[1]! - s.times[0]!));
  if (!(periodMs > 0)) return null;
  return { startMs, periodMs, count: Math.round((endMs - startMs) / periodMs) + 1 };
}

export function timeAt(timeline: Timeline, index: number): number {
  return timeline.startMs + index * timeline.periodMs;
}

/** The nearest point to a time, clamped to the timeline. */
export function indexAt(timeline: Timeline, ms: number): number {
  return clamp(Math.round((ms - timeline.startMs) / timeline.periodMs), 0, timeline.count - 1);
}

export function lastIndex(timeline: Timeline): number {
  return timeline.count - 1;
}

/** The gap the thumbs keep: MIN_WINDOW_POINTS, or all there is on a short timeline. */
function minGap(timeline: Timeline): number {
  return Math.min(MIN_WINDOW_POINTS, lastIndex(timeline));
}

/** The latest `seconds` of data (all of it for "all"), never narrower than the minimum gap. */
export function presetWindow(preset: ZoomPreset, timeline: Timeline): IndexWindow {
  const end = lastIndex(timeline);
  const seconds = ZOOM_PRESETS.find((p) => p.preset === preset)?.seconds ?? null;
  if (seconds === null) return { start: 0, end };
  const span = Math.max(Math.ceil((seconds * 1000) / timeline.periodMs), minGap(timeline));
  return { start: Math.max(0, end - span), end };
}

/** The window an intent shows on this timeline. */
export function resolveWindow(intent: ZoomIntent, timeline: Timeline): IndexWindow {
  if (intent.preset !== null) return presetWindow(intent.preset, timeline);
  const end = intent.pinned ? lastIndex(timeline) : indexAt(timeline, intent.endMs);
  return widen({ start: indexAt(timeline, intent.startMs), end }, timeline);
}

/** Moves one slider thumb to `index`, stopping it the minimum gap short of the other. */
export function moveThumb(win: IndexWindow, thumb: 'start' | 'end', index: number, timeline: Timeline): IndexWindow {
  const gap = minGap(timeline);
  if (thumb === 'start') return { start: clamp(index, 0, Math.max(0, win.end - gap)), end: win.end };
  return { start: win.start, end: clamp(index, Math.min(win.start + gap, lastIndex(timeline)), lastIndex(timeline)) };
}

/** The intent of a window set with the slider: pinned when it reaches the latest point. */
export function customZoom(win: IndexWindow, timeline: Timeline): ZoomIntent {
  return {
    preset: null,
    startMs: timeAt(timeline, win.start),
    endMs: timeAt(timeline, win.end),
    pinned: win.end === lastIndex(timeline),
  };
}

/** The footer's start and end; the end is "Now" while live at the latest point. */
export function windowLabels(win: IndexWindow, timeline: Timeline, isLive: boolean): { start: string; end: string } {
  const startMs = timeAt(timeline, win.start);
  const endMs = timeAt(timeline, win.end);
  if (isLive && win.end === lastIndex(timeline)) return { start: formatDayTime(startMs), end: 'Now' };
  const sameDay = calendarDaysBetween(startMs, endMs) === 0;
  return { start: formatDayTime(startMs), end: sameDay ? formatTime(endMs) : formatDayTime(endMs) };
}

/** Restores the minimum gap, growing towards the start first. */
function widen(win: IndexWindow, timeline: Timeline): IndexWindow {
  const gap = minGap(timeline);
  const end = Math.max(win.end, Math.min(gap, lastIndex(timeline)));
  const start = Math.min(win.start, end - gap);
  return { start: Math.max(0, start), end };
}

function clamp(n: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, n));
}

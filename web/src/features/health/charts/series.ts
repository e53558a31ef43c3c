// What the health page charts draw (spec 9.2, 9.3): the two charted series
// rebuilt from a session's metrics, their header values, the y range and the
// event overlays. Times are epoch milliseconds throughout.
import type { StreamEvent, StreamMetric, StreamMetricLabel, StreamSession } from '../../../lib/types';
import { isErrorEvent } from '../catalog';
import { formatDayTime, formatTime } from '../format';

export interface ChartSpec {
  label: StreamMetricLabel;
  title: string;
  unit: string;
  decimals: number;
  /** Converts a raw metric value into `unit`. */
  toUnit: (raw: number) => number;
}

export const BITRATE_CHART: ChartSpec = {
  label: 'IngestVideoBitrate',
  title: 'Video bitrate',
  unit: 'Mbps',
  decimals: 1,
  toUnit: (bps) => bps / 1_000_000,
};

export const FRAMERATE_CHART: ChartSpec = {
  label: 'IngestFramerate',
  title: 'Frame rate',
  unit: 'fps',
  decimals: 0,
  toUnit: (fps) => fps,
};

export const CHART_SPECS: readonly ChartSpec[] = [BITRATE_CHART, FRAMERATE_CHART];

/** Shown for a header value the session does not have. */
export const NO_VALUE = '----';

/** The y axis top when every visible value is zero, so the axis still has a range. */
export const MIN_Y_MAX = 1;

/** Point times and values (in the chart's unit), index for index. */
export interface ChartSeries {
  times: number[];
  values: number[];
}

export function findMetric(session: Pick<StreamSession, 'metrics'>, label: StreamMetricLabel): StreamMetric | undefined {
  return session.metrics.find((m) => m.label === label);
}

/** Point i of a metric is at alignedStartTime + i x period (the API sends values only). */
export function buildSeries(metric: StreamMetric | undefined, spec: ChartSpec): ChartSeries {
  const start = metric ? Date.parse(metric.alignedStartTime) : NaN;
  if (!metric || Number.isNaN(start) || !(metric.period > 0)) return { times: [], values: [] };
  const periodMs = metric.period * 1000;
  return {
    times: metric.data.map((_, i) => start + i * periodMs),
    values: metric.data.map(spec.toUnit),
  };
}

/** The latest point while live, the whole-session average once offline; null when missing. */
export function headerValue(metric: StreamMetric | undefined, spec: ChartSpec, isLive: boolean): number | null {
  if (!metric) return null;
  const raw = isLive ? metric.data.at(-1) : metric.average;
  return raw == null || !Number.isFinite(raw) ? null : spec.toUnit(raw);
}

export function formatValue(value: number | null, spec: ChartSpec): string {
  return value === null ? NO_VALUE : value.toFixed(spec.decimals);
}

/** 1.2 x the largest value shown between fromMs and toMs (inclusive). */
export function yAxisMax(series: ChartSeries, fromMs: number, toMs: number): number {
  let max = 0;
  series.times.forEach((t, i) => {
    const v = series.values[i] ?? 0;
    if (t >= fromMs && t <= toMs && v > max) max = v;
  });
  return max > 0 ? max * 1.2 : MIN_Y_MAX;
}

/** When each error event happened, oldest first. */
export function errorMarkerTimes(events: StreamEvent[]): number[] {
  return eventTimes(events.filter(isErrorEvent));
}

/** A stretch of poor stability; ended is false while no "Starvation End" has come yet. */
export interface StarvationBand {
  startMs: number;
  endMs: number;
  ended: boolean;
}

/**
 * Pairs each "Starvation Start" with the next "Starvation End"; a start with
 * no end yet runs to the end of the data. Repeated starts or unpaired ends
 * (an event list truncated at either side) are skipped.
 */
export function starvationBands(events: StreamEvent[], dataEndMs: number): StarvationBand[] {
  const bands: StarvationBand[] = [];
  let openSince: number | null = null;
  for (const e of sortedByTime(events)) {
    if (e.name === 'Starvation Start' && openSince === null) {
      openSince = e.ms;
    } else if (e.name === 'Starvation End' && openSince !== null) {
      bands.push({ startMs: openSince, endMs: e.ms, ended: true });
      openSince = null;
    }
  }
  if (openSince !== null) bands.push({ startMs: openSince, endMs: Math.max(openSince, dataEndMs), ended: false });
  return bands;
}

/** The text alternative of a band drawn on the charts. */
export function describeBand(band: StarvationBand): string {
  const from = `Poor stability from ${formatDayTime(band.startMs)}`;
  return band.ended ? `${from} to ${formatTime(band.endMs)}` : `${from}, not recovered yet`;
}

function sortedByTime(events: StreamEvent[]): { name: string; ms: number }[] {
  return events
    .map((e) => ({ name: e.name, ms: Date.parse(e.eventTime) }))
    .filter((e) => !Number.isNaN(e.ms))
    .sort((a, b) => a.ms - b.ms);
}

function eventTimes(events: StreamEvent[]): number[] {
  return sortedByTime(events).map((e) => e.ms);
}

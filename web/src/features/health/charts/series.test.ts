import { describe, expect, it } from 'vitest';
import type { StreamEvent, StreamMetric } from '../../../lib/types';
import {
  BITRATE_CHART,
  buildSeries,
  describeBand,
  errorMarkerTimes,
  findMetric,
  formatValue,
  FRAMERATE_CHART,
  headerValue,
  MIN_Y_MAX,
  starvationBands,
  yAxisMax,
} from './series';

/** Local time on Nov 24, 2022, so the formatted times do not depend on the time zone. */
const at = (h: number, m: number, s = 0) => new Date(2022, 10, 24, h, m, s).getTime();
const iso = (ms: number) => new Date(ms).toISOString();

function metric(label: string, data: number[], over: Partial<StreamMetric> = {}): StreamMetric {
  return { label, data, period: 5, alignedStartTime: iso(at(19, 30)), alignedEndTime: iso(at(19, 31)), average: null, ...over };
}

const event = (name: string, ms: number): StreamEvent => ({ name, type: 'IVS Stream State Change', eventTime: iso(ms) });

describe('buildSeries', () => {
  it.each([
    {
      name: 'bitrate in Mbps, times every period',
      metric: metric('IngestVideoBitrate', [2_500_000, 3_000_000, 0]),
      spec: BITRATE_CHART,
      want: { times: [at(19, 30), at(19, 30, 5), at(19, 30, 10)], values: [2.5, 3, 0] },
    },
    {
      name: 'frame rate as sent, 60 s period',
      metric: metric('IngestFramerate', [30, 29.97], { period: 60 }),
      spec: FRAMERATE_CHART,
      want: { times: [at(19, 30), at(19, 31)], values: [30, 29.97] },
    },
    { name: 'missing metric', metric: undefined, spec: BITRATE_CHART, want: { times: [], values: [] } },
    {
      name: 'unparseable start',
      metric: metric('IngestFramerate', [1, 2], { alignedStartTime: 'soon' }),
      spec: FRAMERATE_CHART,
      want: { times: [], values: [] },
    },
    {
      name: 'zero period',
      metric: metric('IngestFramerate', [1, 2], { period: 0 }),
      spec: FRAMERATE_CHART,
      want: { times: [], values: [] },
    },
    { name: 'no points', metric: metric('IngestFramerate', []), spec: FRAMERATE_CHART, want: { times: [], values: [] } },
  ])('$name', ({ metric, spec, want }) => expect(buildSeries(metric, spec)).toEqual(want));
});

describe('findMetric', () => {
  const session = { metrics: [metric('IngestFramerate', [1]), metric('IngestVideoBitrate', [2])] };
  it('finds by label', () => expect(findMetric(session, 'IngestVideoBitrate')?.data).toEqual([2]));
  it('is undefined when absent', () => expect(findMetric(session, 'ConcurrentViews')).toBeUndefined());
});

describe('headerValue and formatValue', () => {
  it.each([
    { name: 'live: latest bitrate point', m: metric('b', [1_000_000, 3_460_000], { average: 2_000_000 }), spec: BITRATE_CHART, live: true, want: '3.5' },
    { name: 'offline: bitrate average', m: metric('b', [1_000_000, 3_460_000], { average: 2_240_000 }), spec: BITRATE_CHART, live: false, want: '2.2' },
    { name: 'live: frame rate rounded', m: metric('f', [30, 29.6]), spec: FRAMERATE_CHART, live: true, want: '30' },
    { name: 'offline: frame rate average', m: metric('f', [30], { average: 24.2 }), spec: FRAMERATE_CHART, live: false, want: '24' },
    { name: 'offline: no average', m: metric('f', [30], { average: null }), spec: FRAMERATE_CHART, live: false, want: '----' },
    { name: 'live: no points', m: metric('f', [], { average: 30 }), spec: FRAMERATE_CHART, live: true, want: '----' },
    { name: 'no metric', m: undefined, spec: BITRATE_CHART, live: true, want: '----' },
    { name: 'zero is a value', m: metric('b', [0]), spec: BITRATE_CHART, live: true, want: '0.0' },
  ])('$name', ({ m, spec, live, want }) => expect(formatValue(headerValue(m, spec, live), spec)).toBe(want));
});

describe('yAxisMax', () => {
  const series = { times: [10, 20, 30, 40], values: [1, 5, 2, 0] };
  it.each([
    { name: 'whole series', from: 0, to: 100, want: 6 },
    { name: 'window leaves out the peak', from: 30, to: 40, want: 2.4 },
    { name: 'window edges are inclusive', from: 20, to: 20, want: 6 },
    { name: 'all zero', from: 40, to: 40, want: MIN_Y_MAX },
    { name: 'nothing in the window', from: 50, to: 60, want: MIN_Y_MAX },
  ])('$name', ({ from, to, want }) => expect(yAxisMax(series, from, to)).toBeCloseTo(want));
});

describe('errorMarkerTimes', () => {
  it('keeps error events only, by time', () => {
    const events = [
      event('Stream Start', at(19, 30)),
      event('Starvation End', at(19, 33)),
      event('Stream Failure', at(19, 34)),
      event('Starvation Start', at(19, 32)),
      { ...event('Ingest Bitrate', 0), eventTime: 'garbage' },
    ];
    expect(errorMarkerTimes(events)).toEqual([at(19, 32), at(19, 34)]);
  });
});

describe('starvationBands', () => {
  const end = at(20, 0);
  it.each([
    { name: 'no events', events: [], want: [] },
    {
      name: 'start and end pair',
      events: [event('Stream Start', at(19, 30)), event('Starvation Start', at(19, 35)), event('Starvation End', at(19, 36))],
      want: [{ startMs: at(19, 35), endMs: at(19, 36), ended: true }],
    },
    {
      name: 'no end yet runs to the end of the data',
      events: [event('Starvation Start', at(19, 50))],
      want: [{ startMs: at(19, 50), endMs: end, ended: false }],
    },
    {
      name: 'a start after the last data point is not negative',
      events: [event('Starvation Start', at(20, 5))],
      want: [{ startMs: at(20, 5), endMs: at(20, 5), ended: false }],
    },
    {
      name: 'two bands; repeated start and stray end skipped',
      events: [
        event('Starvation End', at(19, 31)),
        event('Starvation Start', at(19, 32)),
        event('Starvation Start', at(19, 33)),
        event('Starvation End', at(19, 34)),
        event('Starvation Start', at(19, 40)),
        event('Starvation End', at(19, 41)),
        event('Starvation End', at(19, 42)),
      ],
      want: [
        { startMs: at(19, 32), endMs: at(19, 34), ended: true },
        { startMs: at(19, 40), endMs: at(19, 41), ended: true },
      ],
    },
    {
      name: 'events out of order are sorted first',
      events: [event('Starvation End', at(19, 36)), event('Starvation Start', at(19, 35))],
      want: [{ startMs: at(19, 35), endMs: at(19, 36), ended: true }],
    },
  ])('$name', ({ events, want }) => expect(starvationBands(events, end)).toEqual(want));
});

describe('describeBand', () => {
  it.each([
    { band: { startMs: at(19, 30), endMs: at(19, 31), ended: true }, want: 'Poor stability from Nov 24 7:30 PM to 7:31 PM' },
    { band: { startMs: at(19, 30), endMs: at(19, 45), ended: false }, want: 'Poor stability from Nov 24 7:30 PM, not recovered yet' },
  ])('$want', ({ band, want }) => expect(describeBand(band)).toBe(want));
});

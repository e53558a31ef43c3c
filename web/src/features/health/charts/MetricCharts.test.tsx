// The charts' DOM in jsdom: no canvas, so no uPlot; titles, values, zoom,
// slider, footer and states are all there.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { StreamEvent, StreamSession } from '../../../lib/types';
import { MetricCharts } from './MetricCharts';

beforeEach(() => {
  vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(null);
});

const start = new Date(2022, 10, 24, 19, 0).getTime();
const iso = (ms: number) => new Date(ms).toISOString();

/** A session with `points` 5 s points of 3.46 Mbps and 30 fps from 7:00 PM. */
function session({ points = 120, isLive = false, streamId = 's-1', events = [] as StreamEvent[], framerate = undefined as number[] | undefined } = {}): StreamSession {
  const series = (label: string, value: number, average: number, data?: number[]) => ({
    label,
    data: data ?? Array.from({ length: points }, () => value),
    period: 5,
    alignedStartTime: iso(start),
    alignedEndTime: iso(start + points * 5000),
    average,
  });
  return {
    streamId,
    startTime: iso(start),
    endTime: isLive ? null : iso(start + points * 5000),
    hasErrorEvent: false,
    isHealthy: true,
    isLive,
    truncatedEvents: events,
    ingestConfiguration: {} as StreamSession['ingestConfiguration'],
    metrics: [
      series('IngestVideoBitrate', 3_460_000, 2_240_000),
      series('IngestFramerate', 30, 24.2, framerate),
      series('ConcurrentViews', 4, 3),
    ],
  };
}

const chart = (title: string) => screen.getByRole('region', { name: title });
const zoomButton = (name: string) => screen.getByRole('button', { name });
const pressed = () =>
  screen
    .getAllByRole('button')
    .filter((b) => b.getAttribute('aria-pressed') === 'true')
    .map((b) => b.textContent);

describe('MetricCharts', () => {
  it('shows the latest values while live, 5 min zoom and "Now"', () => {
    render(<MetricCharts session={session({ isLive: true })} status="ready" />);
    expect(screen.getAllByTestId('metric-chart')).toHaveLength(2);
    expect(within(chart('Video bitrate')).getByText('3.5')).toBeInTheDocument();
    expect(within(chart('Video bitrate')).getByText('Mbps')).toBeInTheDocument();
    expect(within(chart('Frame rate')).getByText('30')).toBeInTheDocument();
    expect(within(chart('Frame rate')).getByText('fps')).toBeInTheDocument();
    expect(pressed()).toEqual(['5 min']);
    expect(screen.getByText('Now')).toBeInTheDocument();
    // 120 points, 5 min = 60 intervals: the latest 61 points.
    expect(screen.getByRole('slider', { name: 'Start of the shown range' })).toHaveValue('59');
    expect(screen.getByRole('slider', { name: 'End of the shown range' })).toHaveValue('119');
  });

  it('shows the session averages offline, all of the data, and the end time', () => {
    render(<MetricCharts session={session()} status="ready" />);
    expect(within(chart('Video bitrate')).getByText('2.2')).toBeInTheDocument();
    expect(within(chart('Frame rate')).getByText('24')).toBeInTheDocument();
    expect(pressed()).toEqual(['All']);
    expect(screen.getByRole('slider', { name: 'Start of the shown range' })).toHaveValue('0');
    expect(screen.getByText('Nov 24 7:00 PM')).toBeInTheDocument();
    expect(screen.getByText('7:09 PM')).toBeInTheDocument();
    expect(screen.queryByText('Now')).not.toBeInTheDocument();
  });

  it('shows "----" for a missing average', () => {
    const s = session();
    s.metrics = s.metrics.map((m) => ({ ...m, average: null }));
    render(<MetricCharts session={s} status="ready" />);
    expect(within(chart('Video bitrate')).getByText('----')).toBeInTheDocument();
    expect(within(chart('Frame rate')).getByText('----')).toBeInTheDocument();
  });

  it('labels the zoom buttons and presses the one clicked', async () => {
    render(<MetricCharts session={session({ points: 2000 })} status="ready" />);
    for (const label of ['Show all of the data', 'Show the latest 1 hour of data', 'Show the latest 30 minutes of data', 'Show the latest 5 minutes of data']) {
      expect(zoomButton(label)).toBeInTheDocument();
    }
    await userEvent.click(zoomButton('Show the latest 1 hour of data'));
    expect(pressed()).toEqual(['1 hr']);
    expect(zoomButton('Show all of the data')).toHaveAttribute('aria-pressed', 'false');
    // 1 hr at 5 s = 720 intervals before the last point (1999).
    expect(screen.getByRole('slider', { name: 'Start of the shown range' })).toHaveValue('1279');
  });

  it('moving a slider thumb deselects the buttons and keeps the thumbs 6 points apart', () => {
    render(<MetricCharts session={session()} status="ready" />);
    const startThumb = screen.getByRole('slider', { name: 'Start of the shown range' });
    fireEvent.change(startThumb, { target: { value: '30' } });
    expect(pressed()).toEqual([]);
    expect(startThumb).toHaveValue('30');
    fireEvent.change(screen.getByRole('slider', { name: 'End of the shown range' }), { target: { value: '31' } });
    expect(screen.getByRole('slider', { name: 'End of the shown range' })).toHaveValue('36');
  });

  it('keeps the chosen zoom across refreshes and follows live data when pinned', () => {
    const { rerender } = render(<MetricCharts session={session({ isLive: true })} status="ready" />);
    fireEvent.change(screen.getByRole('slider', { name: 'Start of the shown range' }), { target: { value: '10' } });
    rerender(<MetricCharts session={session({ isLive: true, points: 130 })} status="ready" />);
    expect(screen.getByRole('slider', { name: 'Start of the shown range' })).toHaveValue('10');
    expect(screen.getByRole('slider', { name: 'End of the shown range' })).toHaveValue('129');
    expect(screen.getByText('Now')).toBeInTheDocument();
    expect(pressed()).toEqual([]);
  });

  it('chooses the default zoom once per session', () => {
    const { rerender } = render(<MetricCharts session={session({ isLive: true })} status="ready" />);
    rerender(<MetricCharts session={session({ isLive: false })} status="ready" />);
    expect(pressed()).toEqual(['5 min']);
    rerender(<MetricCharts session={session({ isLive: false, streamId: 's-2' })} status="ready" />);
    expect(pressed()).toEqual(['All']);
  });

  it('shows "No data available" for a metric with fewer than 2 points', () => {
    render(<MetricCharts session={session({ framerate: [30] })} status="ready" />);
    expect(within(chart('Frame rate')).getByText('No data available')).toBeInTheDocument();
    expect(within(chart('Video bitrate')).queryByText('No data available')).not.toBeInTheDocument();
  });

  it('shows "No data available" on both charts without data', () => {
    render(<MetricCharts session={session({ points: 0 })} status="ready" />);
    expect(screen.getAllByText('No data available')).toHaveLength(2);
    expect(screen.queryByRole('slider')).not.toBeInTheDocument();
  });

  it('describes each poor stability band', () => {
    const at = (min: number) => iso(start + min * 60_000);
    const events = [
      { name: 'Starvation Start', type: 'IVS Stream State Change', eventTime: at(2) },
      { name: 'Starvation End', type: 'IVS Stream State Change', eventTime: at(3) },
      { name: 'Starvation Start', type: 'IVS Stream State Change', eventTime: at(5) },
    ];
    render(<MetricCharts session={session({ isLive: true, events })} status="ready" />);
    expect(screen.getAllByTestId('starvation-band').map((b) => b.textContent)).toEqual([
      'Poor stability from Nov 24 7:02 PM to 7:03 PM',
      'Poor stability from Nov 24 7:05 PM, not recovered yet',
    ]);
  });

  it('shows a spinner while loading and "Failed to load" on error', () => {
    const { rerender } = render(<MetricCharts session={undefined} status="loading" />);
    expect(screen.getByRole('status', { name: 'Loading charts' })).toBeInTheDocument();
    rerender(<MetricCharts session={undefined} status="error" />);
    expect(screen.getByText('Failed to load')).toBeInTheDocument();
    expect(screen.queryByTestId('metric-chart')).not.toBeInTheDocument();
  });
});

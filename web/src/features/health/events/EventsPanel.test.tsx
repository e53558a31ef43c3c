import { afterEach, describe, expect, it, vi } from 'vitest';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { StreamEvent, StreamSession } from '../../../lib/types';
import { mockViewport } from '../../directory/testViewport';
import { EventsPanel } from './EventsPanel';

const t = (minute: number) => new Date(Date.UTC(2024, 2, 5, 18, minute)).toISOString();

function session(events: StreamEvent[], extra: Partial<StreamSession> = {}): StreamSession {
  return {
    streamId: 'st-1',
    startTime: t(0),
    endTime: null,
    hasErrorEvent: false,
    isHealthy: true,
    isLive: true,
    truncatedEvents: events,
    ingestConfiguration: {} as StreamSession['ingestConfiguration'],
    metrics: [],
    ...extra,
  };
}

const ev = (name: string, minute: number): StreamEvent => ({ name, type: 'IVS Stream State Change', eventTime: t(minute) });

const timeline = [
  ev('Session Created', 0),
  ev('Stream Start', 1),
  ev('Starvation Start', 5),
  ev('Starvation End', 6),
  ev('Ingest Bitrate', 9),
];

function rowNames() {
  return within(screen.getByRole('list'))
    .getAllByRole('button', { name: /^Show description/ })
    .map((b) => b.getAttribute('aria-label')!.replace(/^Show description for the (.*) stream event$/, '$1'));
}

describe('stream events panel', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('lists events newest first while live and chronologically once ended', () => {
    const { rerender } = render(<EventsPanel session={session(timeline)} status="ready" channelType="BASIC" />);
    expect(screen.getByRole('heading', { name: 'Stream events' })).toBeInTheDocument();
    expect(rowNames()).toEqual(['Bitrate limit breach', 'Good stability', 'Poor stability', 'Stream started', 'Session created']);

    rerender(
      <EventsPanel session={session(timeline, { isLive: false, endTime: t(10) })} status="ready" channelType="BASIC" />,
    );
    expect(rowNames()).toEqual(['Session created', 'Stream started', 'Poor stability', 'Good stability', 'Bitrate limit breach']);
  });

  it('expands and collapses a row, naming the action in its label', async () => {
    const user = userEvent.setup();
    render(<EventsPanel session={session(timeline)} status="ready" channelType="BASIC" />);
    const row = screen.getByRole('button', { name: 'Show description for the Poor stability stream event' });
    expect(row).toHaveAttribute('aria-expanded', 'false');

    await user.click(row);
    expect(row).toHaveAccessibleName('Hide description for the Poor stability stream event');
    expect(row).toHaveAttribute('aria-expanded', 'true');
    expect(screen.getByText(/received less video than expected/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Learn how to fix it' })).toBeInTheDocument();

    await user.click(row);
    expect(row).toHaveAccessibleName('Show description for the Poor stability stream event');
    expect(screen.queryByText(/received less video than expected/)).not.toBeInTheDocument();
  });

  it('opens the help for a bitrate breach with the measured bitrate and the channel limit', async () => {
    const user = userEvent.setup();
    const s = session(timeline, {
      isLive: false,
      endTime: t(10),
      metrics: [
        { label: 'IngestVideoBitrate', data: [8_000_000, 9_140_000, 7_000_000], period: 5, alignedStartTime: t(0), alignedEndTime: t(10), average: 8_000_000 },
      ],
    });
    render(<EventsPanel session={s} status="ready" channelType="STANDARD" />);
    await user.click(screen.getByRole('button', { name: 'Show description for the Bitrate limit breach stream event' }));
    const learn = screen.getByRole('button', { name: 'Learn how to fix it' });
    await user.click(learn);

    const dialog = screen.getByRole('dialog', { name: 'How to fix a bitrate limit breach' });
    expect(dialog).toHaveTextContent(
      "The session ended because the video bitrate reached 9.1 Mbps, over this channel's limit of 8.5 Mbps.",
    );
    await user.click(within(dialog).getByRole('button', { name: 'Close' }));
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(learn).toHaveFocus();
  });

  it('closes the help with Escape; the resolution help names the limit', async () => {
    const user = userEvent.setup();
    render(<EventsPanel session={session([ev('Ingest Resolution', 3)])} status="ready" channelType="BASIC" />);
    await user.click(screen.getByRole('button', { name: 'Show description for the Resolution limit breach stream event' }));
    await user.click(screen.getByRole('button', { name: 'Learn how to fix it' }));
    const dialog = screen.getByRole('dialog', { name: 'How to fix a resolution limit breach' });
    expect(dialog).toHaveTextContent("higher than this channel's limit of 1080p (1920 x 1080)");
    expect(dialog).toHaveTextContent('scale=1920:1080');

    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });

  it('offers no help link for an error without a help text', async () => {
    const user = userEvent.setup();
    render(<EventsPanel session={session([ev('Stream Failure', 3)])} status="ready" channelType="BASIC" />);
    await user.click(screen.getByRole('button', { name: 'Show description for the Stream failure stream event' }));
    expect(screen.getByText(/processing capacity/)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Learn how to fix it' })).not.toBeInTheDocument();
  });

  it('shows the first 2 events below 768 px until "View all events"', async () => {
    mockViewport(500);
    const user = userEvent.setup();
    render(<EventsPanel session={session(timeline)} status="ready" channelType="BASIC" />);
    expect(rowNames()).toEqual(['Bitrate limit breach', 'Good stability']);

    await user.click(screen.getByRole('button', { name: 'View all events' }));
    expect(rowNames()).toHaveLength(5);
    expect(screen.queryByRole('button', { name: 'View all events' })).not.toBeInTheDocument();
  });

  it('shows every event from 768 px up', () => {
    mockViewport(768);
    render(<EventsPanel session={session(timeline)} status="ready" channelType="BASIC" />);
    expect(rowNames()).toHaveLength(5);
    expect(screen.queryByRole('button', { name: 'View all events' })).not.toBeInTheDocument();
  });

  it('shows the empty, loading and error states', () => {
    const { rerender } = render(<EventsPanel session={session([])} status="ready" channelType="BASIC" />);
    expect(screen.getByText('No stream events')).toBeInTheDocument();
    expect(screen.getByText('Stream events will show up here when there is data.')).toBeInTheDocument();

    rerender(<EventsPanel session={undefined} status="loading" channelType="BASIC" />);
    expect(screen.getByRole('status', { name: 'Loading stream events' })).toBeInTheDocument();

    rerender(<EventsPanel session={undefined} status="error" channelType="BASIC" />);
    expect(screen.getByText('Failed to load')).toBeInTheDocument();
  });
});

// /health and /health/:streamId against a fake API: landing, navigation,
// the status bar, the new-user notice, load failures and a monitored live
// session that ends.
import { describe, expect, it, vi } from 'vitest';
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderApp } from '../../test/render';
import { alice, aliceChannel as own, apiError, fakeApi, type Handler } from '../../test/fakeApi';
import type { StreamSession, StreamSessionSummary } from '../../lib/types';


const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();

function summary(streamId: string, startMin: number, endMin: number | null): StreamSessionSummary {
  return {
    streamId,
    startTime: minutesAgo(startMin),
    endTime: endMin === null ? null : minutesAgo(endMin),
    hasErrorEvent: false,
    isHealthy: true,
    isLive: endMin === null,
  };
}

function detail(s: StreamSessionSummary, views: { data: number[]; average: number | null }): StreamSession {
  return {
    ...s,
    truncatedEvents: [
      { name: 'Session Created', type: 'IVS Stream State Change', eventTime: s.startTime },
      { name: 'Stream Start', type: 'IVS Stream State Change', eventTime: s.startTime },
    ],
    ingestConfiguration: {} as StreamSession['ingestConfiguration'],
    metrics: [{ label: 'ConcurrentViews', data: views.data, period: 5, alignedStartTime: s.startTime, alignedEndTime: s.startTime, average: views.average }],
  };
}

function setup(sessions: StreamSessionSummary[], details: Record<string, Handler>, path = '/health') {
  const calls = fakeApi({
    'GET /auth/session': () => ({ status: 200, body: { user: alice } }),
    'GET /channel': () => ({ status: 200, body: own }),
    'GET /metrics/sessions': () => ({ status: 200, body: { streamSessions: sessions, nextToken: null } }),
    ...Object.fromEntries(Object.entries(details).map(([id, h]) => [`GET /metrics/sessions/${id}`, h])),
  });
  return { calls, app: renderApp(path) };
}

const bar = () => screen.findByRole('status', { name: 'Stream status' });

describe('HealthPage', () => {
  const older = summary('st-old', 120, 100);
  const newer = summary('st-new', 60, 30);
  const offline = {
    'st-old': () => ({ status: 200, body: detail(older, { data: [0, 1, 2], average: 1.4 }) }),
    'st-new': () => ({ status: 200, body: detail(newer, { data: [3, 3], average: 2.6 }) }),
  };

  it('lands on the newest session, shows "Offline" and the rounded average views', async () => {
    const { app } = setup([newer, older], offline);
    await waitFor(() => expect(app.location()).toBe('/health/st-new'));
    const status = await bar();
    await waitFor(() => expect(within(status).getByRole('timer')).toHaveTextContent('Offline'));
    expect(within(status).getByText('3')).toBeInTheDocument();
    expect(within(status).getByRole('tooltip', { hidden: true })).toHaveTextContent('Average concurrent views for the entire session');
    expect(within(status).getByRole('button', { name: 'View your channel' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'View stream health' })).toBeNull();
  });

  it('steps to older and newer sessions with the arrows, disabled at the ends', async () => {
    const user = userEvent.setup();
    const { app } = setup([newer, older], offline);
    const previous = await screen.findByRole('button', { name: 'Go to previous session' });
    const next = screen.getByRole('button', { name: 'Go to next session' });
    await waitFor(() => expect(previous).toBeEnabled());
    expect(next).toBeDisabled();
    await user.click(previous);
    await waitFor(() => expect(app.location()).toBe('/health/st-old'));
    expect(previous).toBeDisabled();
    expect(next).toBeEnabled();
    const status = await bar();
    await waitFor(() => expect(within(status).getByText('1')).toBeInTheDocument());
  });

  it('opens the dropdown with grouped sessions and navigates from it', async () => {
    const user = userEvent.setup();
    const { app } = setup([newer, older], offline);
    await waitFor(() => expect(app.location()).toBe('/health/st-new'));
    const toggle = screen.getByTestId('stream-session-navigator-button');
    await user.click(toggle);
    expect(toggle).toHaveTextContent('Select a session to view');
    const dropdown = screen.getByTestId('stream-session-dropdown');
    expect(within(dropdown).getAllByRole('button', { name: /^Navigate to stream session/ })).toHaveLength(2);
    await user.click(within(dropdown).getByRole('button', { name: 'Navigate to stream session st-old' }));
    await waitFor(() => expect(app.location()).toBe('/health/st-old'));
    expect(screen.queryByTestId('stream-session-dropdown')).toBeNull();
    expect(toggle).toHaveFocus();

    await user.click(toggle);
    await user.keyboard('{Escape}');
    expect(screen.queryByTestId('stream-session-dropdown')).toBeNull();
  });

  it('tells a new user to go live first, with a way to the settings', async () => {
    const user = userEvent.setup();
    const { app } = setup([], {});
    expect(await screen.findByText('To monitor stream health you must first start a live stream.')).toBeInTheDocument();
    expect(app.location()).toBe('/health');
    await user.click(screen.getByTestId('stream-session-navigator-button'));
    const dropdown = screen.getByTestId('stream-session-dropdown');
    expect(dropdown).toHaveTextContent('No stream sessions');
    expect(dropdown).toHaveTextContent('Stream sessions will show up here when there is data.');
    await user.keyboard('{Escape}');
    await user.click(screen.getByRole('button', { name: 'Settings' }));
    await waitFor(() => expect(app.location()).toBe('/settings'));
  });

  it('offers "Try again" when the session list or the session fails to load', async () => {
    const user = userEvent.setup();
    let listFails = true;
    let detailFails = true;
    fakeApi({
      'GET /auth/session': () => ({ status: 200, body: { user: alice } }),
      'GET /channel': () => ({ status: 200, body: own }),
      'GET /metrics/sessions': () =>
        listFails ? apiError(500, 'InternalServerError', 'Something went wrong.') : { status: 200, body: { streamSessions: [newer], nextToken: null } },
      'GET /metrics/sessions/st-new': () =>
        detailFails ? apiError(500, 'InternalServerError', 'Something went wrong.') : { status: 200, body: detail(newer, { data: [], average: 2 }) },
    });
    renderApp('/health');
    expect(await screen.findByText('Failed to load stream sessions')).toBeInTheDocument();
    listFails = false;
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByText('Failed to load session data')).toBeInTheDocument();
    detailFails = false;
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    const status = await bar();
    await waitFor(() => expect(within(status).getByRole('timer')).toHaveTextContent('Offline'));
  });

  /** A live session on show that ends once `end()` is called; the modal is up when it resolves. */
  async function monitorEndingSession() {
    const live = summary('st-live', 3, null);
    let ended = false;
    setup([live], {
      'st-live': () => ({
        status: 200,
        body: ended ? detail({ ...live, isLive: false, endTime: minutesAgo(0) }, { data: [1], average: 1 }) : detail(live, { data: [4], average: 4 }),
      }),
    });
    const status = await bar();
    await waitFor(() => expect(within(status).getByRole('timer')).toHaveTextContent(/^00:0[23]:\d\d$/));
    ended = true;
    await act(() => vi.advanceTimersByTimeAsync(5_500));
    const modal = await screen.findByRole('alertdialog', { name: 'Live stream ended' });
    return { status, modal };
  }

  it('says so when the monitored live session ends; Cancel keeps the live view', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    try {
      const user = userEvent.setup({ advanceTimers: vi.advanceTimersByTime });
      const { status, modal } = await monitorEndingSession();
      expect(modal).toHaveTextContent('The live stream you were monitoring has ended. Reload the page to view the stream summary.');
      await user.click(within(modal).getByRole('button', { name: 'Cancel' }));
      expect(screen.queryByRole('alertdialog')).toBeNull();
      expect(within(status).getByRole('timer')).toHaveTextContent(/^00:0\d:\d\d$/);
      // The modal does not come back for the same end; the stale view stays until asked.
      await act(() => vi.advanceTimersByTimeAsync(5_500));
      expect(screen.queryByRole('alertdialog')).toBeNull();
    } finally {
      vi.useRealTimers();
    }
  });

  it('Reload replaces the stale live view with the ended session', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    try {
      const user = userEvent.setup({ advanceTimers: vi.advanceTimersByTime });
      const { status, modal } = await monitorEndingSession();
      await user.click(within(modal).getByRole('button', { name: 'Reload' }));
      await waitFor(() => expect(within(status).getByRole('timer')).toHaveTextContent('Offline'));
    } finally {
      vi.useRealTimers();
    }
  });
});

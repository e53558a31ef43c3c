// /manager's "Go live" card with fake devices and a fake WHIP client.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderApp } from '../../test/render';
import { alice, aliceChannel, fakeApi } from '../../test/fakeApi';
import { FakeMediaStream, fakeTrack } from '../../test/fakeWebrtc';
import { publish, type WhipSession } from '../../lib/whip';
import { ApiError } from '../../lib/api';
import type { StreamAction } from '../../lib/types';
import { LEAVE_POLL } from './ManagerPage';
import { hasSubscription, publish as publishRealtime } from '../../test/fakeCentrifuge';
import type { StreamSessionSummary } from '../../lib/types';

vi.mock('../../lib/whip', () => ({ publish: vi.fn() }));

const own = aliceChannel;

function stream(tracks: MediaStreamTrack[]) {
  return {
    getTracks: () => tracks,
    getVideoTracks: () => tracks.filter((t) => t.kind === 'video'),
    getAudioTracks: () => tracks.filter((t) => t.kind === 'audio'),
  };
}

function withSettings(t: MediaStreamTrack, deviceId: string) {
  return Object.assign(t, { getSettings: () => ({ deviceId }) });
}

let getUserMedia: ReturnType<typeof vi.fn>;

beforeEach(() => {
  vi.stubGlobal('MediaStream', FakeMediaStream);
  getUserMedia = vi.fn(async (c: MediaStreamConstraints) => {
    const tracks: MediaStreamTrack[] = [];
    if (c.video) tracks.push(withSettings(fakeTrack('video', 'Front camera'), 'cam1'));
    if (c.audio) {
      const id = (c.audio as MediaTrackConstraints).deviceId as { exact: string } | undefined;
      tracks.push(withSettings(fakeTrack('audio', id?.exact === 'mic2' ? 'USB mic' : 'Built-in mic'), id?.exact ?? 'mic1'));
    }
    return stream(tracks);
  });
  vi.stubGlobal('navigator', {
    ...navigator,
    mediaDevices: {
      getUserMedia,
      getDisplayMedia: vi.fn(),
      enumerateDevices: vi.fn(async () => [
        { kind: 'videoinput', deviceId: 'cam1', label: 'Front camera' },
        { kind: 'audioinput', deviceId: 'mic1', label: 'Built-in mic' },
        { kind: 'audioinput', deviceId: 'mic2', label: 'USB mic' },
      ]),
      addEventListener: vi.fn(),
      removeEventListener: vi.fn(),
    },
  });
  const ctx = new Proxy({}, { get: () => vi.fn() });
  vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(ctx as unknown as CanvasRenderingContext2D);
  HTMLCanvasElement.prototype.captureStream = vi.fn(() => stream([fakeTrack('video', 'canvas')]) as unknown as MediaStream);
  vi.spyOn(HTMLMediaElement.prototype, 'play').mockResolvedValue(undefined);
});

afterEach(() => {
  vi.unstubAllGlobals();
  vi.mocked(publish).mockReset();
});

function setup({ broadcasting = false, action = null as StreamAction | null } = {}) {
  const live = { isBroadcasting: broadcasting, isStageActive: false };
  fakeApi({
    'GET /auth/session': () => ({ status: 200, body: { user: alice } }),
    'GET /channel': () => ({ status: 200, body: own }),
    'GET /channel/liveStatus': () => ({ status: 200, body: live }),
    'GET /channel/actions/active': () => ({ status: 200, body: { action } }),
    'GET /channel/actions/forms': () => ({ status: 200, body: { forms: {} } }),
  });
  return { app: renderApp('/manager'), live };
}

/** A poll started now on alice's channel, taking votes for a minute. */
function runningPoll(): StreamAction {
  const now = Date.now();
  const end = new Date(now + 60_000).toISOString();
  return {
    id: 'poll-1',
    name: 'poll',
    data: { question: 'Pizza?', answers: ['Yes', 'No'], duration: 60 },
    startTime: new Date(now).toISOString(),
    expiry: end,
    poll: {
      id: 'poll-1',
      question: 'Pizza?',
      options: [
        { option: 'Yes', count: 0 },
        { option: 'No', count: 0 },
      ],
      duration: 60,
      startTime: new Date(now).toISOString(),
      endTime: end,
      totalVotes: 0,
      ended: false,
      myVote: null,
    },
  };
}

async function startButton() {
  const start = await screen.findByRole('button', { name: 'Start stream' });
  await waitFor(() => expect(start).not.toHaveAttribute('aria-disabled'));
  return start;
}

describe('Go live card', () => {
  it('asks for camera and mic and shows the controls', async () => {
    setup();
    await startButton();
    expect(getUserMedia).toHaveBeenCalledTimes(1);
    for (const name of ['Mute', 'Hide camera', 'Audio & video settings']) {
      expect(screen.getByRole('button', { name })).toBeInTheDocument();
    }
    expect(screen.getByRole('img', { name: 'Stream preview' })).toBeInTheDocument();
    // jsdom matches no media query: the narrow layout, with tabs.
    expect(screen.getByRole('tab', { name: 'Go live' })).toHaveAttribute('aria-selected', 'true');
    const user = userEvent.setup();
    await user.click(screen.getByRole('tab', { name: 'Manage' }));
    expect(screen.getByRole('tabpanel', { name: 'Manage' })).toContainElement(screen.getByRole('heading', { name: 'Chat' }));
    expect(screen.getByRole('button', { name: 'Start stream', hidden: true })).not.toBeVisible();
  });

  it('permission denied: the spec message, and no "Start stream"', async () => {
    setup();
    getUserMedia.mockRejectedValue(new DOMException('denied', 'NotAllowedError'));
    const message = 'You must allow access to both your camera and microphone';
    expect(await screen.findByTestId('error-notification')).toHaveTextContent(message);
    expect(screen.getAllByText(message).length).toBeGreaterThan(0);
    expect(screen.getByRole('button', { name: 'Start stream' })).toHaveAttribute('aria-disabled', 'true');
    expect(screen.getByRole('button', { name: 'Mute' })).toBeDisabled();
  });

  it('start -> "End stream" -> confirm -> stopped', async () => {
    const stop = vi.fn(async () => {});
    vi.mocked(publish).mockResolvedValue({ pc: {} as RTCPeerConnection, replaceAudio: vi.fn(), stop } as WhipSession);
    setup();
    const user = userEvent.setup();
    await user.click(await startButton());
    const end = await screen.findByRole('button', { name: 'End stream' });
    const opts = vi.mocked(publish).mock.calls[0]![0];
    expect(opts).toMatchObject({ url: 'http://localhost:3000/whip', token: 'sk_secret' });
    expect(opts.video.label).toBe('canvas');
    expect(opts.audio.label).toBe('Built-in mic');

    await user.click(end);
    const dialog = screen.getByRole('alertdialog', { name: 'Are you sure you want to end your live stream?' });
    await user.click(within(dialog).getByRole('button', { name: 'End stream' }));
    expect(await screen.findByRole('button', { name: 'Start stream' })).toBeInTheDocument();
    expect(stop).toHaveBeenCalledTimes(1);
  });

  it('"Could not go live" when publishing fails', async () => {
    vi.mocked(publish).mockRejectedValue(new ApiError(0, 'ConnectionTimeoutException', 'timed out'));
    setup();
    const user = userEvent.setup();
    await user.click(await startButton());
    expect(await screen.findByTestId('error-notification')).toHaveTextContent('Could not go live');
    expect(screen.getByRole('button', { name: 'Start stream' })).toBeInTheDocument();
  });

  it('"Stream disconnected" when the connection drops while live', async () => {
    let drop = () => {};
    vi.mocked(publish).mockImplementation(async (o) => {
      drop = () => o.onDisconnect?.();
      return { pc: {} as RTCPeerConnection, replaceAudio: vi.fn(), stop: vi.fn(async () => {}) };
    });
    setup();
    const user = userEvent.setup();
    await user.click(await startButton());
    await screen.findByRole('button', { name: 'End stream' });
    act(() => drop());
    expect(await screen.findByTestId('error-notification')).toHaveTextContent('Stream disconnected');
    expect(screen.getByRole('button', { name: 'Start stream' })).toBeInTheDocument();
  });

  it('disabled with "Your channel is already live" while another encoder is live', async () => {
    setup({ broadcasting: true });
    const start = await screen.findByRole('button', { name: 'Start stream' });
    await waitFor(() => expect(start).toHaveAccessibleDescription('Your channel is already live'));
    expect(start).toHaveAttribute('aria-disabled', 'true');
    expect(screen.getByRole('tooltip')).toHaveTextContent('Your channel is already live');
  });

  it('mute and hide camera toggle their labels; the mic can be changed in the settings', async () => {
    setup();
    await startButton();
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Mute' }));
    expect(screen.getByRole('button', { name: 'Unmute' })).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Hide camera' }));
    expect(screen.getByRole('button', { name: 'Show camera' })).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Audio & video settings' }));
    const dialog = screen.getByRole('dialog', { name: 'Audio & video settings' });
    await user.selectOptions(within(dialog).getByLabelText('Microphone'), 'mic2');
    expect(await screen.findByTestId('success-notification')).toHaveTextContent('Mic changed to USB mic');
    expect(within(dialog).getByRole('switch', { name: 'Show camera on screen share' })).toHaveAttribute('aria-checked', 'true');
    await user.click(within(dialog).getByRole('button', { name: 'Done' }));
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });
});

describe('stream manager layout and leave prompts', () => {
  it('"Manage stream" holds the stream action buttons above the chat', async () => {
    setup();
    await startButton();
    const user = userEvent.setup();
    await user.click(screen.getByRole('tab', { name: 'Manage' }));
    const manage = screen.getByRole('tabpanel', { name: 'Manage' });
    const actions = within(manage).getByRole('region', { name: 'Stream actions' });
    expect(within(actions).getByTestId('stream-manager-quiz-action-button')).toBeVisible();
    const chat = within(manage).getByRole('region', { name: 'Chat' });
    expect(actions.compareDocumentPosition(chat) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Start stream', hidden: true })).not.toBeVisible();
  });

  it('while a poll runs, leaving asks first, with words that are true: the server keeps counting', async () => {
    const { app } = setup({ action: runningPoll() });
    await startButton();
    await waitFor(() => expect(screen.getByTestId('stream-manager-poll-action-button')).toHaveTextContent(/Hosting a live poll/));
    await act(async () => {
      await app.router.navigate('/settings');
    });
    const prompt = await screen.findByRole('alertdialog', { name: LEAVE_POLL });
    expect(LEAVE_POLL).toBe('Are you sure you want to leave this page? The poll keeps running and counting votes while you are away.');
    const user = userEvent.setup();
    await user.click(within(prompt).getByRole('button', { name: 'Cancel' }));
    expect(app.location()).toBe('/manager');
    await act(async () => {
      await app.router.navigate('/settings');
    });
    await user.click(within(await screen.findByRole('alertdialog', { name: LEAVE_POLL })).getByRole('button', { name: 'Leave page' }));
    await waitFor(() => expect(app.location()).toBe('/settings'));
  });

  it('no prompt without a poll or a broadcast', async () => {
    const { app } = setup();
    await startButton();
    await act(async () => {
      await app.router.navigate('/settings');
    });
    await waitFor(() => expect(app.location()).toBe('/settings'));
  });

  it('while broadcasting, leaving warns that it ends the live stream', async () => {
    vi.mocked(publish).mockResolvedValue({ pc: {} as RTCPeerConnection, replaceAudio: vi.fn(), stop: vi.fn(async () => {}) });
    const { app } = setup({ action: runningPoll() });
    const user = userEvent.setup();
    await user.click(await startButton());
    await screen.findByRole('button', { name: 'End stream' });
    await act(async () => {
      await app.router.navigate('/settings');
    });
    const prompt = await screen.findByRole('alertdialog', {
      name: 'Are you sure you want to leave this page? This will end your live stream.',
    });
    await user.click(within(prompt).getByRole('button', { name: 'Cancel' }));
    expect(app.location()).toBe('/manager');
  });
});

describe('status bar (spec 9.4)', () => {
  const NOW = Date.parse('2026-03-01T12:00:00Z');

  function session(over: Partial<StreamSessionSummary> = {}): StreamSessionSummary {
    return {
      streamId: 'st-2',
      startTime: new Date(NOW - (3600 + 2 * 60 + 3) * 1000).toISOString(),
      endTime: null,
      hasErrorEvent: false,
      isHealthy: true,
      isLive: true,
      ...over,
    };
  }

  function statusSetup(sessions: StreamSessionSummary[], concurrentViews: number[] = []) {
    const calls = fakeApi({
      'GET /auth/session': () => ({ status: 200, body: { user: alice } }),
      'GET /channel': () => ({ status: 200, body: own }),
      'GET /channel/liveStatus': () => ({ status: 200, body: { isBroadcasting: false, isStageActive: false } }),
      'GET /channel/actions/active': () => ({ status: 200, body: { action: null } }),
      'GET /channel/actions/forms': () => ({ status: 200, body: { forms: {} } }),
      'GET /metrics/sessions': () => ({ status: 200, body: { streamSessions: sessions, nextToken: null } }),
      [`GET /metrics/sessions/${sessions[0]?.streamId ?? 'none'}`]: () => ({
        status: 200,
        body: {
          ...sessions[0],
          truncatedEvents: [],
          ingestConfiguration: {},
          metrics: [
            { label: 'IngestFramerate', data: [30, 30], period: 5, alignedStartTime: '', alignedEndTime: '', average: 30 },
            { label: 'ConcurrentViews', data: concurrentViews, period: 5, alignedStartTime: '', alignedEndTime: '', average: null },
          ],
        },
      }),
    });
    renderApp('/manager');
    return { calls };
  }

  const bar = () => screen.findByRole('status', { name: 'Stream status' });
  const sessionsFetches = (calls: { path: string }[]) => calls.filter((c) => c.path === '/metrics/sessions').length;

  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(NOW);
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('offline: "--:--:--", no views and a grey "------" health item that is not a button', async () => {
    statusSetup([session({ isLive: false, endTime: new Date(NOW - 60_000).toISOString() })]);
    const status = await bar();
    await waitFor(() => expect(within(status).getByText('Offline')).toBeInTheDocument());
    expect(within(status).getByRole('timer')).toHaveTextContent(/^--:--:--$/);
    expect(within(status).getAllByText('------')).toHaveLength(2);
    expect(within(status).queryByRole('button', { name: 'View stream health' })).toBeNull();
  });

  it('no sessions at all reads as offline', async () => {
    const { calls } = statusSetup([]);
    const status = await bar();
    await waitFor(() => expect(sessionsFetches(calls)).toBeGreaterThan(0));
    expect(within(status).getByRole('timer')).toHaveTextContent('--:--:--');
    expect(within(status).getByText('Offline')).toBeInTheDocument();
  });

  it('live: the timer counts up from startTime as HH:MM:SS', async () => {
    statusSetup([session()]);
    const status = await bar();
    const timer = within(status).getByRole('timer');
    await waitFor(() => expect(timer).toHaveTextContent(/^01:02:03$/));
    expect(within(status).getByText('Live')).toBeInTheDocument();
    vi.setSystemTime(NOW + 1000);
    await waitFor(() => expect(timer).toHaveTextContent(/^01:02:04$/), { timeout: 2500 });
  });

  it.each([
    [true, 'Stable', 'status-bar__health--stable'],
    [false, 'Poor', 'status-bar__health--poor'],
  ])('live, isHealthy %s: "%s"', async (isHealthy, label, tone) => {
    statusSetup([session({ isHealthy })]);
    const health = await screen.findByRole('button', { name: 'View stream health' });
    expect(health).toHaveTextContent(label);
    expect(health).toHaveClass(tone);
    expect(health).toHaveAttribute('title', 'Monitor the latest stream session');
  });

  it('clicking the health item opens /health in a new tab', async () => {
    const open = vi.spyOn(window, 'open').mockReturnValue(null);
    statusSetup([session()]);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'View stream health' }));
    expect(open).toHaveBeenCalledWith('/health', '_blank', 'noopener');
    open.mockRestore();
  });

  it('views: the last ConcurrentViews value, then viewerCount events (abbreviated); tooltip "Concurrent views"', async () => {
    statusSetup([session()], [3, 1200]);
    const status = await bar();
    await within(status).findByText('1.2K');
    await waitFor(() => expect(hasSubscription('channel:ch1')).toBe(true));
    act(() => publishRealtime('channel:ch1', { type: 'viewerCount', channelId: 'ch1', viewers: 1_950_000, time: '' }));
    const views = await within(status).findByText('1.9M');
    const user = userEvent.setup();
    await user.hover(views);
    expect(within(status).getByRole('tooltip')).toHaveTextContent(/^Concurrent views$/);
    await user.unhover(views);
    expect(within(status).queryByRole('tooltip')).toBeNull();
  });

  it('a liveStatus event refreshes the session list', async () => {
    const { calls } = statusSetup([session({ isLive: false })]);
    await bar();
    await waitFor(() => expect(sessionsFetches(calls)).toBe(1));
    await waitFor(() => expect(hasSubscription('channel:ch1')).toBe(true));
    act(() => publishRealtime('channel:ch1', { type: 'liveStatus', channelId: 'ch1', isLive: true, time: '' }));
    await waitFor(() => expect(sessionsFetches(calls)).toBe(2));
  });
});

// /manager's "Go live" card with fake devices and a fake WHIP client.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderApp } from '../../test/render';
import { alice, fakeApi } from '../../test/fakeApi';
import { FakeMediaStream, fakeTrack } from '../../test/fakeWebrtc';
import { publish, type WhipSession } from '../../lib/whip';
import { ApiError } from '../../lib/api';

vi.mock('../../lib/whip', () => ({ publish: vi.fn() }));

const own = {
  id: 'u-1',
  username: 'alice',
  email: 'alice@example.com',
  avatar: 'bear',
  color: 'blue',
  channelId: 'ch1',
  playbackId: 'pb1',
  playbackUrl: 'http://localhost/hls/pb1/index.m3u8',
  ingestEndpoint: '127.0.0.1:1935',
  ingestServerUrl: 'rtmp://127.0.0.1:1935/live/',
  streamKeyValue: 'sk_secret',
  chatRoomId: 'chat:ch1',
  trackingId: 'ch1',
  channelAssetUrls: {},
  stageId: null,
  channelConfiguration: { type: 'BASIC' },
};

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

function setup({ broadcasting = false } = {}) {
  const live = { isBroadcasting: broadcasting, isStageActive: false };
  fakeApi({
    'GET /auth/session': () => ({ status: 200, body: { user: alice } }),
    'GET /channel': () => ({ status: 200, body: own }),
    'GET /channel/liveStatus': () => ({ status: 200, body: live }),
  });
  return { app: renderApp('/manager'), live };
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

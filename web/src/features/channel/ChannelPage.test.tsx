// The channel page with the playback sources replaced by test doubles: the
// poll drives live/offline, source events drive the player.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderApp } from '../../test/render';
import { fakeApi, signedOut } from '../../test/fakeApi';
import { createHlsSource, createWhepSource, type SourceEvents } from './player/sources';
import { ERROR_LOADING_STREAM, WEBRTC_UNAVAILABLE } from './player/Player';
import { channelQueryKey } from './ChannelPage';

vi.mock('./player/sources', () => {
  const source = () => ({
    stopLoading: vi.fn(),
    setQuality: vi.fn(),
    liveSyncPosition: () => null,
    bufferedAhead: () => 0,
    mediaTime: () => null,
    destroy: vi.fn(),
  });
  return { createHlsSource: vi.fn(source), createWhepSource: vi.fn(source), hlsConfig: {} };
});

afterEach(() => {
  vi.mocked(createHlsSource).mockClear();
  vi.mocked(createWhepSource).mockClear();
});

const bob = {
  username: 'bob',
  avatar: 'bear',
  color: 'green',
  channelId: 'ch2',
  channelAssetUrls: {},
  playbackUrl: 'http://127.0.0.1:8080/hls/pb2/index.m3u8',
  whepUrl: 'http://127.0.0.1:8080/whep/pb2',
  isLive: false,
};

/** The events handed to the n-th source of a kind (latest by default). */
function events(kind: 'hls' | 'whep', n = -1): SourceEvents {
  const calls = vi.mocked(kind === 'hls' ? createHlsSource : createWhepSource).mock.calls;
  const call = calls.at(n);
  if (!call) throw new Error(`no ${kind} source created`);
  return call[2];
}

function setup(initial: Partial<typeof bob> = {}) {
  let channel = { ...bob, ...initial };
  fakeApi({
    'GET /auth/session': signedOut,
    'GET /channels/bob': () => ({ status: 200, body: channel }),
  });
  const app = renderApp('/bob');
  /** Changes what the API answers and runs a poll. */
  const poll = async (change: Partial<typeof bob>) => {
    channel = { ...channel, ...change };
    await act(() => app.client.refetchQueries({ queryKey: channelQueryKey('bob') }));
  };
  return { app, poll };
}

describe('channel page player', () => {
  it('offline: "Stream offline", header, chat column, no controls', async () => {
    setup();
    expect(await screen.findByText('Stream offline')).toBeInTheDocument();
    expect(screen.getByRole('heading', { name: 'bob' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Open profile view' })).toBeInTheDocument();
    expect(screen.getByRole('heading', { name: 'Chat' })).toBeInTheDocument();
    expect(screen.queryByRole('toolbar')).not.toBeInTheDocument();
    expect(createHlsSource).not.toHaveBeenCalled();
  });

  it('goes live on the next poll, without a reload, and back offline when the stream ends', async () => {
    const { poll } = setup();
    await screen.findByText('Stream offline');

    await poll({ isLive: true });
    expect(await screen.findByRole('status', { name: 'Loading stream' })).toBeInTheDocument();
    expect(vi.mocked(createHlsSource).mock.calls[0]![1]).toBe(bob.playbackUrl);

    act(() => events('hls').ready());
    const toolbar = await screen.findByRole('toolbar', { name: 'Player controls' });
    for (const name of ['Play the stream', 'Mute the stream', 'Video quality', 'Enable fullscreen mode', 'Sub-second latency (WebRTC)']) {
      expect(screen.getByRole('button', { name })).toBeInTheDocument();
    }
    expect(toolbar).toContainElement(screen.getByRole('slider', { name: 'Volume' }));

    await poll({ isLive: false });
    // Nothing buffered in jsdom: straight to offline.
    expect(await screen.findByText('Stream offline')).toBeInTheDocument();
    expect(screen.queryByRole('toolbar')).not.toBeInTheDocument();
    expect(screen.queryByTestId('error-notification')).not.toBeInTheDocument();
  });

  it('lists Auto and the renditions in the quality menu', async () => {
    setup({ isLive: true });
    await waitFor(() => expect(createHlsSource).toHaveBeenCalled());
    act(() => {
      events('hls').qualities([
        { id: 0, name: '720p' },
        { id: 1, name: '360p' },
      ]);
      events('hls').ready();
    });
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Video quality' }));
    const items = screen.getAllByRole('menuitemradio').map((i) => [i.getAttribute('aria-label'), i.getAttribute('aria-checked')]);
    expect(items).toEqual([
      ['Select the Auto video quality', 'true'],
      ['Select the 720p video quality', 'false'],
      ['Select the 360p video quality', 'false'],
    ]);
    await user.click(screen.getByRole('menuitemradio', { name: 'Select the 360p video quality' }));
    expect(screen.queryByRole('menu')).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Video quality' })).toHaveTextContent('360p');
  });

  it('switches to WebRTC and falls back to HLS with a toast when WHEP is unavailable', async () => {
    setup({ isLive: true });
    await waitFor(() => expect(createHlsSource).toHaveBeenCalledTimes(1));
    act(() => events('hls').ready());
    const user = userEvent.setup();
    const toggle = await screen.findByRole('button', { name: 'Sub-second latency (WebRTC)' });
    expect(toggle).toHaveAttribute('aria-pressed', 'false');
    await user.click(toggle);
    await waitFor(() => expect(createWhepSource).toHaveBeenCalledTimes(1));
    expect(vi.mocked(createWhepSource).mock.calls[0]![1]).toBe(bob.whepUrl);

    act(() => events('whep').unsupported());
    expect(await screen.findByTestId('error-notification')).toHaveTextContent(WEBRTC_UNAVAILABLE);
    await waitFor(() => expect(createHlsSource).toHaveBeenCalledTimes(2));
  });

  it('shows "Error loading stream" when playback fails, and tries again', async () => {
    setup({ isLive: true });
    await waitFor(() => expect(createHlsSource).toHaveBeenCalledTimes(1));
    act(() => {
      events('hls').ready();
      events('hls').failed();
    });
    expect(await screen.findByTestId('error-notification')).toHaveTextContent(ERROR_LOADING_STREAM);
    await waitFor(() => expect(createHlsSource).toHaveBeenCalledTimes(2), { timeout: 3000 });
  });

  it('unknown channel: "This page is unavailable"', async () => {
    fakeApi({ 'GET /auth/session': signedOut });
    renderApp('/nobody');
    expect(await screen.findByText('This page is unavailable')).toBeInTheDocument();
  });
});

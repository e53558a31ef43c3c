// A live stage on the channel page: the spectator grid and "Request to join".
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { act, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderApp } from '../../test/render';
import { alice, apiError, fakeApi, type Handler } from '../../test/fakeApi';
import { connectAll, publish } from '../../test/fakeCentrifuge';
import { member, rooms } from '../../test/fakeStageRoom';
import { channelQueryKey } from '../channel/ChannelPage';
import { pollAction } from '../overlays/fixtures';
import type { StreamAction } from '../../lib/types';

vi.mock('./room', () => import('../../test/fakeStageRoom'));
vi.mock('../channel/player/sources', () => {
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

beforeEach(() => {
  rooms.length = 0;
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

const bob = {
  userId: 'u-2',
  username: 'bob',
  avatar: 'bear',
  color: 'green',
  channelId: 'ch2',
  channelAssetUrls: {},
  playbackUrl: 'http://127.0.0.1:8080/hls/pb2/index.m3u8',
  whepUrl: 'http://127.0.0.1:8080/whep/pb2',
  isLive: false,
  isViewerBanned: false,
  isChannelBanned: false,
  isViewerFollowing: false,
  stageId: 'st1' as string | null,
  activeAction: null as StreamAction | null,
};

const spectatorJoin = {
  stageId: 'st1',
  participantRole: 'spectator',
  url: 'ws://localhost:8080',
  user: { token: 'jwt-spec', participantId: 'p-spec', participantGroup: 'user' },
  display: null,
  stageCreationDate: Date.now(),
  hostUsername: 'bob',
};

function setup(routes: Record<string, Handler> = {}) {
  let channel = { ...bob };
  const calls = fakeApi({
    'GET /auth/session': () => ({ status: 200, body: { user: alice } }),
    'GET /channels/bob': () => ({ status: 200, body: channel }),
    'GET /stages/createSpectatorToken/st1': () => ({ status: 200, body: spectatorJoin }),
    'POST /stages/requestToJoin': () => ({ status: 200, body: {} }),
    'POST /stages/revokeStageRequest': () => ({ status: 200, body: {} }),
    ...routes,
  });
  const app = renderApp('/bob');
  const change = async (c: Partial<typeof bob>) => {
    channel = { ...channel, ...c };
    await act(() => app.client.refetchQueries({ queryKey: channelQueryKey('bob') }));
  };
  return { app, calls, change };
}

describe('channel page with a stage', () => {
  it('shows the poll the host runs during the stage, and not after it', async () => {
    const { change } = setup();
    await waitFor(() => expect(rooms).toHaveLength(1));
    await change({ activeAction: pollAction(Date.now() - 1000) });
    expect(await screen.findByRole('region', { name: 'Live poll' })).toBeInTheDocument();
    await change({ stageId: null, activeAction: null });
    await waitFor(() => expect(screen.queryByRole('region', { name: 'Live poll' })).toBeNull());
  });

  it('joins subscribe-only, shows the grid muted and unmutes on click', async () => {
    setup();
    await waitFor(() => expect(rooms).toHaveLength(1));
    const room = rooms[0]!;
    expect(room.token).toBe('jwt-spec');
    expect(room.audioEnabled).toBe(false);
    act(() => room.setMembers([member({ id: 'host:ch2', username: 'bob', role: 'host' })]));
    const grid = await screen.findByTestId('stage-grid');
    expect(grid.querySelector('[data-testid="stage-tile"][data-participant="bob"]')).not.toBeNull();
    expect(screen.queryByRole('button', { name: 'Play the stream' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Enable fullscreen mode' })).toBeInTheDocument();
    await userEvent.setup().click(screen.getByRole('button', { name: 'Click to unmute' }));
    await waitFor(() => expect(room.audioEnabled).toBe(true));
    expect(screen.queryByRole('button', { name: 'Click to unmute' })).toBeNull();
  });

  it('leaves the stage when it ends', async () => {
    const { change } = setup();
    await waitFor(() => expect(rooms).toHaveLength(1));
    await change({ stageId: null });
    await waitFor(() => expect(rooms[0]!.disconnected).toBe(true));
    expect(screen.queryByTestId('stage-grid')).toBeNull();
  });

  it('requests to join, cancels, and joins once accepted', async () => {
    const { app, calls } = setup();
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Request to join' }));
    expect(await screen.findByTestId('success-notification')).toHaveTextContent('Request sent');
    const cancel = screen.getByRole('button', { name: 'Cancel request' });
    expect(cancel).toHaveAttribute('aria-pressed', 'true');
    await user.click(cancel);
    await waitFor(() => expect(calls).toContainEqual({ method: 'POST', path: '/stages/revokeStageRequest', body: { stageId: 'st1' } }));

    await user.click(screen.getByRole('button', { name: 'Request to join' }));
    await screen.findByRole('button', { name: 'Cancel request' });
    act(() => connectAll());
    act(() => publish('#u-1', { type: 'STAGE_HOST_ACCEPT_REQUEST_TO_JOIN', stageId: 'st1', hostUsername: 'bob' }));
    expect(await screen.findByTestId('neutral-notification')).toHaveTextContent('Joining session...');
    await waitFor(() => expect(app.location()).toBe('/manager/collab?stageId=st1&role=requested'), { timeout: 3000 });
  });

  it('a deleted request resets the button; a failed one says so', async () => {
    setup({ 'POST /stages/requestToJoin': () => apiError(409, 'ViewerLiveException', 'live') });
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Request to join' }));
    expect(await screen.findByTestId('error-notification')).toHaveTextContent('Failed to send request');
    expect(screen.getByRole('button', { name: 'Request to join' })).toBeInTheDocument();
  });

  it('no request button on your own channel or signed out', async () => {
    fakeApi({
      'GET /auth/session': () => ({ status: 200, body: { user: { ...alice, id: 'u-2' } } }),
      'GET /channels/bob': () => ({ status: 200, body: bob }),
      'GET /stages/createSpectatorToken/st1': () => ({ status: 200, body: spectatorJoin }),
    });
    renderApp('/bob');
    await waitFor(() => expect(rooms).toHaveLength(1));
    expect(screen.queryByRole('button', { name: 'Request to join' })).toBeNull();
  });
});

// The Follow button on its own, reading the channel from the query cache the
// way ChannelPage does, inside the app's providers and a memory router.
import { describe, expect, it, vi } from 'vitest';
import { act, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useQuery } from '@tanstack/react-query';
import { createMemoryRouter, RouterProvider, useLocation } from 'react-router';
import { Providers } from '../../app/App';
import { createQueryClient } from '../../app/queryClient';
import { api } from '../../lib/api';
import type { PublicChannel } from '../../lib/types';
import { alice, apiError, fakeApi, signedOut, type Handler } from '../../test/fakeApi';
import { FollowButton } from './FollowButton';

const PENDING_KEY = 'onair.followAfterLogin';
const RETURN_KEY = 'onair.returnTo';
const key = ['channels', 'bob'] as const;

const bob: PublicChannel = {
  userId: 'u-2',
  username: 'bob',
  avatar: 'bear',
  color: 'green',
  channelId: 'ch2',
  channelAssetUrls: {},
  playbackUrl: '',
  whepUrl: '',
  isLive: false,
  isViewerBanned: false,
  isChannelBanned: false,
  isViewerFollowing: false,
  stageId: null,
  activeAction: null,
};

function ChannelHarness() {
  const q = useQuery({ queryKey: key, queryFn: () => api.channel.byUsername('bob') });
  return q.data ? <FollowButton channel={q.data} queryKey={key} showLabel /> : <p>loading channel</p>;
}

function LocationProbe() {
  const loc = useLocation();
  return <output data-testid="location">{`${loc.pathname}${loc.search}`}</output>;
}

function renderButton(path = '/bob?tab=chat') {
  const client = createQueryClient();
  const router = createMemoryRouter(
    [
      {
        path: '*',
        element: (
          <Providers client={client}>
            <ChannelHarness />
            <LocationProbe />
          </Providers>
        ),
      },
    ],
    { initialEntries: [path] },
  );
  render(<RouterProvider router={router} />);
  return { client, location: () => screen.getByTestId('location').textContent };
}

/** A fake API whose channel answer follows the add/remove calls made. */
function followApi(opts: { signedIn?: boolean; following?: boolean | null; channel?: Partial<PublicChannel>; add?: Handler; remove?: Handler } = {}) {
  const state = { following: opts.following === undefined ? false : opts.following };
  const calls = fakeApi({
    'GET /auth/session': opts.signedIn === false ? signedOut : () => ({ status: 200, body: { user: { ...alice, channelAssetUrls: {} } } }),
    'GET /channels/bob': () => ({
      status: 200,
      body: { ...bob, ...opts.channel, isViewerFollowing: opts.signedIn === false ? null : state.following },
    }),
    'PUT /channel/followingList/add': async (body) => {
      const res = opts.add ? await opts.add(body) : { status: 200, body: {} };
      if (res.status < 300) state.following = true;
      return res;
    },
    'PUT /channel/followingList/remove': async (body) => {
      const res = opts.remove ? await opts.remove(body) : { status: 200, body: {} };
      if (res.status < 300) state.following = false;
      return res;
    },
  });
  const followCalls = () => calls.filter((c) => c.path.startsWith('/channel/followingList/'));
  return { calls, followCalls, state };
}

const failure = () => apiError(500, 'UnexpectedException', 'boom');

describe('FollowButton', () => {
  it('signed out: shows "Follow channel"; a click goes to /login remembering the channel and the page', async () => {
    const { followCalls } = followApi({ signedIn: false });
    const app = renderButton('/bob?tab=chat');
    const user = userEvent.setup();
    const button = await screen.findByRole('button', { name: 'Follow channel' });
    expect(button).toHaveTextContent('Follow');

    await user.click(button);
    await waitFor(() => expect(app.location()).toBe('/login'));
    expect(sessionStorage.getItem(PENDING_KEY)).toBe('bob');
    expect(sessionStorage.getItem(RETURN_KEY)).toBe('/bob?tab=chat');
    expect(followCalls()).toEqual([]);
  });

  it('is hidden on your own channel', async () => {
    const { calls } = followApi({ channel: { userId: alice.id, username: 'alice' }, following: false });
    renderButton();
    await waitFor(() => expect(calls.some((c) => c.path === '/channels/bob')).toBe(true));
    await waitFor(() => expect(screen.queryByText('loading channel')).toBeNull());
    expect(screen.queryByRole('button', { name: /follow channel/i })).toBeNull();
  });

  it('is hidden for a signed-in viewer while the follow state is unknown', async () => {
    const { calls } = followApi({ following: null });
    renderButton();
    await waitFor(() => expect(calls.some((c) => c.path === '/channels/bob')).toBe(true));
    await waitFor(() => expect(screen.queryByText('loading channel')).toBeNull());
    expect(screen.queryByRole('button', { name: /follow channel/i })).toBeNull();
  });

  it('signed in: follows, then unfollows', async () => {
    const { followCalls } = followApi({ following: false });
    renderButton();
    const user = userEvent.setup();

    await user.click(await screen.findByRole('button', { name: 'Follow channel' }));
    const unfollow = await screen.findByRole('button', { name: 'Unfollow channel' });
    expect(followCalls()).toEqual([{ method: 'PUT', path: '/channel/followingList/add', body: { followedUsername: 'bob' } }]);
    expect(unfollow).not.toHaveTextContent('Follow');
    expect(unfollow).toHaveAttribute('title', 'Following');
    await user.unhover(unfollow);
    expect(unfollow).toHaveAttribute('title', 'Unfollow');

    // The next click is well past the 200 ms throttle.
    const now = Date.now();
    vi.spyOn(Date, 'now').mockReturnValue(now + 1000);
    await user.click(unfollow);
    expect(await screen.findByRole('button', { name: 'Follow channel' })).toBeInTheDocument();
    expect(followCalls()).toEqual([
      { method: 'PUT', path: '/channel/followingList/add', body: { followedUsername: 'bob' } },
      { method: 'PUT', path: '/channel/followingList/remove', body: { followedUsername: 'bob' } },
    ]);
  });

  it('toasts "Failed to follow user" and stays "Follow channel" when the follow fails', async () => {
    const { followCalls } = followApi({ following: false, add: failure });
    renderButton();
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Follow channel' }));
    expect(await screen.findByTestId('error-notification')).toHaveTextContent('Failed to follow user');
    expect(screen.getByRole('button', { name: 'Follow channel' })).toBeInTheDocument();
    expect(followCalls()).toHaveLength(1);
  });

  it('toasts "Failed to unfollow user" and stays "Unfollow channel" when the unfollow fails', async () => {
    const { followCalls } = followApi({ following: true, remove: failure });
    renderButton();
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Unfollow channel' }));
    expect(await screen.findByTestId('error-notification')).toHaveTextContent('Failed to unfollow user');
    expect(screen.getByRole('button', { name: 'Unfollow channel' })).toBeInTheDocument();
    expect(followCalls()).toEqual([{ method: 'PUT', path: '/channel/followingList/remove', body: { followedUsername: 'bob' } }]);
  });

  it('shows a spinner only once the request takes longer than 200 ms', async () => {
    let answer!: (v: { status: number; body?: unknown }) => void;
    const { followCalls } = followApi({ following: false, add: () => new Promise((r) => (answer = r)) });
    renderButton();
    const user = userEvent.setup();
    const button = await screen.findByRole('button', { name: 'Follow channel' });
    await user.click(button);
    await waitFor(() => expect(followCalls()).toHaveLength(1));
    expect(button).toHaveAttribute('aria-busy', 'true');
    expect(screen.queryByRole('status', { name: 'Following' })).toBeNull();
    expect(await screen.findByRole('status', { name: 'Following' })).toBeInTheDocument();

    answer({ status: 200, body: {} });
    expect(await screen.findByRole('button', { name: 'Unfollow channel' })).toBeInTheDocument();
    expect(screen.queryByRole('status', { name: 'Following' })).toBeNull();
  });

  it('two immediate clicks send one request', async () => {
    const { followCalls } = followApi({ following: false });
    renderButton();
    const user = userEvent.setup();
    const button = await screen.findByRole('button', { name: 'Follow channel' });
    await user.dblClick(button);
    await screen.findByRole('button', { name: 'Unfollow channel' });
    expect(followCalls()).toHaveLength(1);
  });

  it('ignores clicks within 200 ms of the last one, even once the request is done', async () => {
    let now = 10_000;
    vi.spyOn(Date, 'now').mockImplementation(() => now);
    const { followCalls } = followApi({ following: false, add: failure });
    renderButton();
    const user = userEvent.setup();
    const button = await screen.findByRole('button', { name: 'Follow channel' });

    await user.click(button);
    expect(await screen.findByTestId('error-notification')).toHaveTextContent('Failed to follow user');
    await waitFor(() => expect(button).toHaveAttribute('aria-busy', 'false'));
    expect(followCalls()).toHaveLength(1);

    now += 199; // too soon: ignored although nothing is pending
    await user.click(button);
    expect(followCalls()).toHaveLength(1);

    now += 1; // 200 ms after the first click that counted
    await user.click(button);
    await waitFor(() => expect(followCalls()).toHaveLength(2));
  });

  it('back from /login: sends the remembered follow for this channel once and clears it', async () => {
    sessionStorage.setItem(PENDING_KEY, 'Bob');
    const { followCalls } = followApi({ following: false });
    renderButton('/bob');
    expect(await screen.findByRole('button', { name: 'Unfollow channel' })).toBeInTheDocument();
    expect(sessionStorage.getItem(PENDING_KEY)).toBeNull();
    // Let the refetch after the follow settle: still one request.
    await act(() => new Promise((r) => setTimeout(r, 20)));
    expect(followCalls()).toEqual([{ method: 'PUT', path: '/channel/followingList/add', body: { followedUsername: 'bob' } }]);
  });

  it('back from /login: already following sends nothing and clears the pending follow', async () => {
    sessionStorage.setItem(PENDING_KEY, 'bob');
    const { followCalls } = followApi({ following: true });
    renderButton('/bob');
    expect(await screen.findByRole('button', { name: 'Unfollow channel' })).toBeInTheDocument();
    expect(sessionStorage.getItem(PENDING_KEY)).toBeNull();
    expect(followCalls()).toEqual([]);
  });

  it('back from /login: a pending follow of another channel sends nothing and is kept', async () => {
    sessionStorage.setItem(PENDING_KEY, 'carol');
    const { followCalls } = followApi({ following: false });
    renderButton('/bob');
    expect(await screen.findByRole('button', { name: 'Follow channel' })).toBeInTheDocument();
    await act(() => new Promise((r) => setTimeout(r, 20)));
    expect(followCalls()).toEqual([]);
    expect(sessionStorage.getItem(PENDING_KEY)).toBe('carol');
  });

  it('a pending follow is not sent while signed out', async () => {
    sessionStorage.setItem(PENDING_KEY, 'bob');
    const { followCalls } = followApi({ signedIn: false });
    renderButton('/bob');
    expect(await screen.findByRole('button', { name: 'Follow channel' })).toBeInTheDocument();
    expect(followCalls()).toEqual([]);
    expect(sessionStorage.getItem(PENDING_KEY)).toBe('bob');
  });
});

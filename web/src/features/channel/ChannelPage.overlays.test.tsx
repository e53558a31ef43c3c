// Stream actions on the channel page: from the channel data (late joiners)
// and from channel:<id> events, timed by the player's media clock (the
// playback sources are test doubles whose media time the test sets).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderApp } from '../../test/render';
import { alice, fakeApi, signedOut, type Handler } from '../../test/fakeApi';
import { hasSubscription, publish } from '../../test/fakeCentrifuge';
import type { ChannelEvent, Poll, StreamAction } from '../../lib/types';
import { celebration, pollAction, product, quiz } from '../overlays/fixtures';
import { channelQueryKey } from './ChannelPage';
import { createHlsSource } from './player/sources';

const media = vi.hoisted(() => ({ t: null as number | null }));

vi.mock('./player/sources', () => {
  const source = () => ({
    stopLoading: vi.fn(),
    setQuality: vi.fn(),
    liveSyncPosition: () => null,
    bufferedAhead: () => 0,
    mediaTime: () => media.t,
    destroy: vi.fn(),
  });
  return { createHlsSource: vi.fn(source), createWhepSource: vi.fn(source), hlsConfig: {} };
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
  isLive: true,
  isViewerBanned: false,
  isChannelBanned: false,
  isViewerFollowing: null,
  stageId: null,
  activeAction: null as StreamAction | null,
};

function setup(initial: Partial<typeof bob> = {}, opts: { signedIn?: boolean; path?: string; channel?: string; routes?: Record<string, Handler> } = {}) {
  let channel = { ...bob, ...initial };
  const name = opts.channel ?? 'bob';
  const calls = fakeApi({
    'GET /auth/session': opts.signedIn ? () => ({ status: 200, body: { user: alice } }) : signedOut,
    [`GET /channels/${name}`]: () => ({ status: 200, body: channel }),
    ...opts.routes,
  });
  const app = renderApp(opts.path ?? `/${name}`);
  const poll = async (change: Partial<typeof bob>) => {
    channel = { ...channel, ...change };
    await act(() => app.client.refetchQueries({ queryKey: channelQueryKey(name) }));
  };
  const set = (change: Partial<typeof bob>) => {
    channel = { ...channel, ...change };
  };
  return { app, poll, set, calls };
}

async function subscribed(channelId = 'ch2') {
  await waitFor(() => expect(hasSubscription(`channel:${channelId}`)).toBe(true));
}

function send(e: ChannelEvent) {
  act(() => publish(`channel:${e.channelId}`, e));
}

const streamAction = (action: StreamAction | null): ChannelEvent => ({ type: 'streamAction', channelId: 'ch2', action, time: new Date().toISOString() });
const playerOf = (el: HTMLElement) => el.closest('.player');
const chatColumn = () => screen.getByRole('complementary', { name: 'Chat' });
const sleep = (ms: number) => act(() => new Promise((r) => setTimeout(r, ms)));

beforeEach(() => {
  media.t = null;
  window.__onairOverlayLog = [];
});
afterEach(() => {
  vi.mocked(createHlsSource).mockClear();
  vi.unstubAllGlobals();
});

describe('stream actions on the channel page', () => {
  it('a late joiner sees the active action from the channel data, over the player', async () => {
    const now = Date.now();
    const q = quiz(now - 2000, { expiry: new Date(now + 10_000).toISOString() });
    setup({ activeAction: q });
    const region = await screen.findByRole('region', { name: 'Quiz' });
    expect(playerOf(region)).not.toBeNull();
    expect(region).toHaveAttribute('data-action-id', q.id);
    expect(within(region).getByRole('button', { name: 'Gryffindor' })).toBeInTheDocument();
    expect(window.__onairOverlayLog?.map((e) => e.id)).toEqual([q.id]);
    // Announced politely.
    expect(screen.getByText(`Quiz: ${q.data.question}`)).toHaveAttribute('aria-live', 'polite');
  });

  it('realtime streamAction events show, replace (at their own media time) and clear', async () => {
    setup();
    await subscribed();
    await waitFor(() => expect(createHlsSource).toHaveBeenCalled());
    const t0 = Date.now();
    media.t = t0;

    const p = product(t0 - 500);
    send(streamAction(p));
    const card = await screen.findByRole('region', { name: 'Product' });
    expect(playerOf(card)).not.toBeNull();

    // Sent 1 s ahead of where this viewer's playback is: the product stays until then.
    const q = quiz(t0 + 1000, { expiry: new Date(t0 + 13_000).toISOString() });
    send(streamAction(q));
    await sleep(200);
    expect(screen.getByRole('region', { name: 'Product' })).toBeInTheDocument();
    expect(screen.queryByRole('region', { name: 'Quiz' })).toBeNull();
    media.t = t0 + 1000;
    expect(await screen.findByRole('region', { name: 'Quiz' })).toHaveAttribute('data-action-id', q.id);
    expect(screen.queryByRole('region', { name: 'Product' })).toBeNull();
    const entry = window.__onairOverlayLog?.find((e) => e.id === q.id);
    expect(entry?.mediaTime).toBe(t0 + 1000);

    // Stop: gone at once.
    send(streamAction(null));
    expect(screen.queryByRole('region', { name: 'Quiz' })).toBeNull();
  });

  it('celebration: over the chat column', async () => {
    setup();
    await subscribed();
    send(streamAction(celebration(Date.now() - 100)));
    const region = await screen.findByRole('region', { name: 'Celebration' });
    expect(chatColumn()).toContainElement(region);
    expect(playerOf(region)).toBeNull();
  });

  it('the stream going offline clears the overlay', async () => {
    const now = Date.now();
    const { poll } = setup({ activeAction: product(now - 1000) });
    await screen.findByRole('region', { name: 'Product' });
    await poll({ isLive: false, activeAction: null });
    await waitFor(() => expect(screen.queryByRole('region', { name: 'Product' })).toBeNull());
  });

  it('poll: in the chat column, live counts from pollVotes, the vote of a signed-in viewer', async () => {
    const now = Date.now();
    const a = pollAction(now - 1000);
    const pollId = a.poll!.id;
    const vote: Handler = () => {
      const poll: Poll = { ...a.poll!, options: a.poll!.options.map((o, i) => ({ ...o, count: i === 0 ? 3 : 1 })), totalVotes: 5, myVote: 0 };
      return { status: 200, body: poll };
    };
    const { calls } = setup({ activeAction: a }, { signedIn: true, routes: { [`POST /channels/ch2/polls/${pollId}/votes`]: vote } });
    const region = await screen.findByRole('region', { name: 'Live poll' });
    expect(chatColumn()).toContainElement(region);
    await subscribed();

    // Live tally before voting: the vote form stays.
    send({ type: 'pollVotes', channelId: 'ch2', poll: { ...a.poll!, options: a.poll!.options.map((o) => ({ ...o, count: 1 })), totalVotes: 3 }, time: '' });
    const user = userEvent.setup();
    await user.click(within(region).getByRole('radio', { name: 'Margherita' }));
    await user.click(within(region).getByRole('button', { name: 'Vote' }));
    await waitFor(() => expect(within(region).queryByRole('radio')).toBeNull());
    expect(calls.find((c) => c.method === 'POST' && c.path.endsWith('/votes'))?.body).toEqual({ option: 0 });
    expect(within(region).getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      'Margherita60%, 3 votes',
      'Pepperoni20%, 1 vote',
      'Hawaiian20%, 1 vote',
    ]);

    // A broadcast tally (no myVote) keeps the check; the end sorts and crowns.
    const ended: Poll = { ...a.poll!, options: a.poll!.options.map((o, i) => ({ ...o, count: [3, 4, 1][i]! })), totalVotes: 8, ended: true, myVote: null };
    send({ type: 'pollVotes', channelId: 'ch2', poll: ended, time: '' });
    const rows = within(region).getAllByRole('listitem');
    expect(rows.map((li) => li.textContent)).toEqual(['PepperoniWinner50%, 4 votes', 'Margherita38%, 3 votes', 'Hawaiian13%, 1 vote']);
    expect(within(rows[1]!).getByRole('img', { name: 'Your vote' })).toBeInTheDocument();
  });

  it('the owner on their own channel sees the poll without the Vote UI', async () => {
    const now = Date.now();
    setup({ activeAction: pollAction(now - 1000), userId: alice.id, username: 'alice', channelId: alice.channelId }, { signedIn: true, channel: 'alice' });
    const region = await screen.findByRole('region', { name: 'Live poll' });
    expect(within(region).queryByRole('radio')).toBeNull();
    expect(within(region).queryByRole('button', { name: 'Vote' })).toBeNull();
  });

  it('signed out: the poll shows percentages, no Vote', async () => {
    setup({ activeAction: pollAction(Date.now() - 1000) });
    const region = await screen.findByRole('region', { name: 'Live poll' });
    expect(within(region).queryByRole('button', { name: 'Vote' })).toBeNull();
    expect(within(region).getAllByRole('listitem')).toHaveLength(3);
  });

  it('stacked view: a quiz turns the chat column into "Quiz" and "Chat" tabs', async () => {
    vi.stubGlobal('matchMedia', (q: string) => ({
      matches: q === '(max-width: 989.98px)',
      addEventListener: () => {},
      removeEventListener: () => {},
    }));
    const now = Date.now();
    setup({ activeAction: quiz(now - 1000, { expiry: new Date(now + 10_000).toISOString() }) });
    const quizTab = await screen.findByRole('tab', { name: 'Quiz' });
    const chatTab = screen.getByRole('tab', { name: 'Chat' });
    expect(quizTab).toHaveAttribute('aria-selected', 'true');
    const region = screen.getByRole('region', { name: 'Quiz' });
    expect(playerOf(region)).toBeNull();
    expect(chatColumn()).toContainElement(region);
    expect(screen.getByRole('tabpanel', { name: 'Quiz' })).toContainElement(region);

    const user = userEvent.setup();
    await user.click(chatTab);
    expect(chatTab).toHaveAttribute('aria-selected', 'true');
    expect(screen.getByRole('tabpanel', { name: 'Chat' })).toBeVisible();
    expect(screen.getByPlaceholderText('Say something')).toBeInTheDocument();
    await user.keyboard('{ArrowLeft}');
    expect(quizTab).toHaveFocus();
    expect(quizTab).toHaveAttribute('aria-selected', 'true');
  });
});

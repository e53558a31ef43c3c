// The directory `/` (spec 2.3, 13.1 directory.spec.js) against a fake API.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, configure, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderApp } from '../../test/render';
import { alice, apiError, fakeApi, signedOut, type Handler } from '../../test/fakeApi';
import type { ChannelCard } from '../../lib/types';
import { mockViewport } from './testViewport';

afterEach(() => {
  vi.unstubAllGlobals();
});

const DESKTOP = 1200;
// Lists wait for a spinner held at least 500 ms, and the whole app renders:
// leave room for a busy machine.
configure({ asyncUtilTimeout: 5000 });
const TEST_TIMEOUT = 20_000;

function card(username: string, over: Partial<ChannelCard> = {}): ChannelCard {
  return { username, avatar: 'bear', color: 'blue', channelAssetUrls: {}, isLive: false, stageId: null, ...over };
}

function followed(n: number): ChannelCard[] {
  return Array.from({ length: n }, (_, i) => card(`mockUser${i + 1}`));
}

const list = (channels: ChannelCard[]): Handler => () => ({ status: 200, body: { channels, maxResults: 50 } });
const failure: Handler = () => apiError(400, 'BadRequestException', 'Something is wrong.');
const signedIn: Handler = () => ({ status: 200, body: { user: alice } });

function setup({
  width = DESKTOP,
  session = signedIn,
  following = list(followed(6)),
  live = list([]),
}: { width?: number; session?: Handler; following?: Handler; live?: Handler } = {}) {
  const viewport = mockViewport(width);
  const calls = fakeApi({
    'GET /auth/session': session,
    'GET /channel/followingList': following,
    'GET /channels': live,
  });
  const user = userEvent.setup();
  const app = renderApp('/');
  return { app, calls, user, viewport };
}

const next = () => screen.getByRole('button', { name: 'Go to next page' });
const prev = () => screen.getByRole('button', { name: 'Go to previous page' });
const items = () => screen.getAllByTestId('followed-user');
const item = (i: number): HTMLElement => {
  const el = items()[i];
  if (!el) throw new Error(`no followed-user #${i}`);
  return el;
};
/** The usernames of the avatars in the current frame (the only focusable ones). */
const visible = () =>
  items()
    .filter((el) => el.getAttribute('tabindex') !== '-1')
    .map((el) => el.textContent?.replace('LIVE', ''));

function expectDisabled(button: HTMLElement, disabled: boolean) {
  if (disabled) expect(button).toHaveAttribute('aria-disabled', 'true');
  else expect(button).not.toHaveAttribute('aria-disabled');
}

describe('directory, signed out', { timeout: TEST_TIMEOUT }, () => {
  it('has no Following section and says when nobody is live', async () => {
    const { calls } = setup({ session: signedOut });
    expect(await screen.findByText('No live streams available')).toBeInTheDocument();
    expect(screen.getByRole('heading', { name: 'Live streams' })).toBeInTheDocument();
    expect(screen.queryByRole('heading', { name: 'Following' })).not.toBeInTheDocument();
    expect(calls.some((c) => c.path === '/channel/followingList')).toBe(false);
    expect(calls.filter((c) => c.path === '/channels')).toHaveLength(1);
  });

  it('renders one card per live channel, linking to the channel', async () => {
    setup({ session: signedOut, live: list([card('bob', { isLive: true }), card('carol', { stageId: 's1' }), card('dan', { isLive: true })]) });
    const cards = await screen.findAllByTestId('channel-card');
    expect(cards).toHaveLength(3);
    expect(cards[0]).toHaveAttribute('href', '/bob');
    expect(within(screen.getByRole('list', { name: 'Live channels' })).getAllByRole('listitem')).toHaveLength(3);
    expect(screen.queryByText('No live streams available')).not.toBeInTheDocument();
  });

  it('reports a failed live list with a toast and tries again', async () => {
    let fail = true;
    setup({ session: signedOut, live: (b) => (fail ? failure(b) : list([card('bob', { isLive: true })])(b)) });
    expect(await screen.findByText('Failed to load streams')).toBeInTheDocument();
    expect(screen.getByTestId('error-notification')).toHaveTextContent('Error loading streams');
    fail = false;
    await userEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findAllByTestId('channel-card')).toHaveLength(1);
    expect(screen.queryByText('Failed to load streams')).not.toBeInTheDocument();
  });
});

describe('directory, Following carousel', { timeout: TEST_TIMEOUT }, () => {
  it('shows 6 followed users, the first linking to its channel; next/prev page at desktop width', async () => {
    const { user } = setup();
    expect(await screen.findByRole('status', { name: 'Loading followed channels' })).toBeInTheDocument();
    expect(await screen.findAllByTestId('followed-user')).toHaveLength(6);
    expect(screen.getByRole('heading', { name: 'Following' })).toBeInTheDocument();
    expect(item(0)).toHaveAttribute('href', '/mockUser1');
    expect(item(0)).toHaveTextContent('mockUser1');

    expectDisabled(next(), false);
    expectDisabled(prev(), true);
    expect(visible()).toEqual(['mockUser1', 'mockUser2', 'mockUser3', 'mockUser4', 'mockUser5']);

    await user.click(next());
    expectDisabled(next(), true);
    expectDisabled(prev(), false);
    expect(visible()).toEqual(['mockUser6']);
    expect(item(0).closest('li')).toHaveAttribute('inert');

    // A disabled arrow does nothing.
    await user.click(next());
    expect(visible()).toEqual(['mockUser6']);

    prev().focus();
    await user.keyboard('{Enter}');
    expectDisabled(prev(), true);
    expectDisabled(next(), false);
    expect(visible()).toHaveLength(5);
  });

  it('opens a followed channel on click and on Enter', async () => {
    const { app, user } = setup();
    await screen.findAllByTestId('followed-user');
    await user.click(item(0));
    await waitFor(() => expect(app.location()).toBe('/mockUser1'));

    await act(() => app.router.navigate('/'));
    await screen.findAllByTestId('followed-user');
    item(1).focus();
    await user.keyboard('{Enter}');
    await waitFor(() => expect(app.location()).toBe('/mockUser2'));
  });

  it('turns the page when Tab leaves the last avatar of a frame, and back with Shift+Tab', async () => {
    const { user } = setup();
    await screen.findAllByTestId('followed-user');
    item(0).focus();
    for (let i = 1; i < 5; i++) {
      await user.tab();
      expect(item(i)).toHaveFocus();
    }
    expectDisabled(prev(), true);

    await user.tab();
    expect(item(5)).toHaveFocus();
    expect(visible()).toEqual(['mockUser6']);
    expectDisabled(next(), true);
    expectDisabled(prev(), false);

    await user.tab({ shift: true });
    expect(item(4)).toHaveFocus();
    expect(visible()).toHaveLength(5);
    expectDisabled(prev(), true);

    // Shift+Tab inside a frame moves normally.
    await user.tab({ shift: true });
    expect(item(3)).toHaveFocus();
  });

  it.each([
    [1200, 5],
    [800, 4],
    [500, 3],
    [320, 2],
  ])('at %i px shows %i avatars per frame', async (width, perFrame) => {
    setup({ width });
    await screen.findAllByTestId('followed-user');
    expect(visible()).toHaveLength(perFrame);
  });

  it('keeps the frame on resize, clamped to the frames there are', async () => {
    const { user, viewport } = setup({ width: 320, following: list(followed(10)) });
    await screen.findAllByTestId('followed-user');
    await user.click(next());
    await user.click(next());
    expect(visible()).toEqual(['mockUser5', 'mockUser6']);

    viewport.resize(500); // 3 per frame: frame 3 of 4
    expect(visible()).toEqual(['mockUser7', 'mockUser8', 'mockUser9']);

    viewport.resize(DESKTOP); // 5 per frame: only 2 frames, so the last
    expect(visible()).toEqual(['mockUser6', 'mockUser7', 'mockUser8', 'mockUser9', 'mockUser10']);
    expectDisabled(next(), true);
    await user.click(prev());
    expect(visible()).toHaveLength(5);
    expect(visible()[0]).toBe('mockUser1');
  });

  it('shows 14 avatars and a "View all" tile when more are followed', async () => {
    const { user } = setup({ following: list(followed(20)) });
    expect(await screen.findAllByTestId('followed-user')).toHaveLength(14);
    const viewAll = screen.getByRole('link', { name: 'View all' });
    expect(viewAll).toHaveAttribute('href', '/following');

    // 15 items: the tile is the last item of the third frame.
    await user.click(next());
    await user.click(next());
    expectDisabled(next(), true);
    expect(visible()).toEqual(['mockUser11', 'mockUser12', 'mockUser13', 'mockUser14']);
    expect(viewAll).not.toHaveAttribute('tabindex', '-1');
  });

  it('has no "View all" tile for exactly 14', async () => {
    setup({ following: list(followed(14)) });
    expect(await screen.findAllByTestId('followed-user')).toHaveLength(14);
    expect(screen.queryByRole('link', { name: 'View all' })).not.toBeInTheDocument();
  });

  it('marks live channels (streaming or on a stage) with a LIVE pill and greys offline ones', async () => {
    setup({ following: list([card('on', { isLive: true }), card('stage', { stageId: 'st-1' }), card('off')]) });
    const [on, stage, off] = await screen.findAllByTestId('followed-user');
    expect(within(on!).getByText('LIVE')).toBeInTheDocument();
    expect(within(stage!).getByText('LIVE')).toBeInTheDocument();
    expect(within(off!).queryByText('LIVE')).not.toBeInTheDocument();
    expect(on).toHaveAccessibleName('on (live)');
    expect(off).toHaveClass('followed-user--offline');
    expect(on).not.toHaveClass('followed-user--offline');
  });

  it('says when no channel is followed', async () => {
    setup({ following: list([]) });
    expect(await screen.findByText('No channels followed')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Go to next page' })).not.toBeInTheDocument();
  });

  it('reports a failed following list with a toast, and tries again (desktop)', async () => {
    let fail = true;
    setup({ following: (b) => (fail ? failure(b) : list(followed(2))(b)) });
    expect(await screen.findByText('Failed to load channels')).toBeInTheDocument();
    expect(screen.getByTestId('error-notification')).toHaveTextContent('Error loading channels');
    fail = false;
    await userEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findAllByTestId('followed-user')).toHaveLength(2);
  });

  it('has no "Try again" for the following list below 990 px', async () => {
    setup({ width: 800, following: failure });
    expect(await screen.findByText('Failed to load channels')).toBeInTheDocument();
    expect(screen.getByTestId('error-notification')).toHaveTextContent('Error loading channels');
    expect(screen.queryByRole('button', { name: 'Try again' })).not.toBeInTheDocument();
  });

  it('fetches the following list again on every visit', async () => {
    const { app, calls } = setup();
    await screen.findAllByTestId('followed-user');
    await act(() => app.router.navigate('/settings'));
    await act(() => app.router.navigate('/'));
    await waitFor(() => expect(calls.filter((c) => c.path === '/channel/followingList')).toHaveLength(2));
    // Cached avatars show at once while the list is fetched again.
    expect(screen.getAllByTestId('followed-user')).toHaveLength(6);
  });
});

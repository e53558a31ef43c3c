// /following (spec 2.6) against a fake API.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderApp } from '../../test/render';
import { alice, apiError, fakeApi, type Handler } from '../../test/fakeApi';
import type { ChannelCard } from '../../lib/types';

afterEach(() => {
  vi.unstubAllGlobals();
});

function card(username: string, over: Partial<ChannelCard> = {}): ChannelCard {
  return { username, avatar: 'bear', color: 'blue', channelAssetUrls: {}, isLive: false, stageId: null, ...over };
}

const list = (channels: ChannelCard[]): Handler => () => ({ status: 200, body: { channels, maxResults: 50 } });

function setup(following: Handler) {
  const calls = fakeApi({
    'GET /auth/session': () => ({ status: 200, body: { user: alice } }),
    'GET /channel/followingList': following,
    'GET /channels': list([]),
  });
  const app = renderApp('/following');
  return { app, calls };
}

describe('following page', () => {
  it('shows a card for every followed channel, live ones with a pill, offline ones greyed', async () => {
    const channels = [
      card('live1', { isLive: true }),
      card('stage1', { stageId: 'st-1' }),
      ...Array.from({ length: 18 }, (_, i) => card(`off${i + 1}`)),
    ];
    setup(list(channels));
    expect(await screen.findByRole('heading', { name: 'Following' })).toBeInTheDocument();
    const cards = await screen.findAllByTestId('channel-card');
    expect(cards).toHaveLength(20);
    expect(cards[0]).toHaveAttribute('href', '/live1');
    expect(within(cards[0]!).getByText(/^live$/i)).toBeInTheDocument();
    expect(within(cards[1]!).getByText(/^live$/i)).toBeInTheDocument();
    expect(within(cards[2]!).queryByText(/^live$/i)).not.toBeInTheDocument();
    expect(cards[2]).toHaveClass('channel-card--offline');
    expect(cards[0]).not.toHaveClass('channel-card--offline');
    expect(document.title).toBe('Following | Onair');
  });

  it('says when no channel is followed', async () => {
    setup(list([]));
    expect(await screen.findByText('No channels followed')).toBeInTheDocument();
    expect(screen.queryByTestId('channel-card')).not.toBeInTheDocument();
  });

  it('reports a failure with a toast and tries again', async () => {
    let fail = true;
    setup((b) => (fail ? apiError(400, 'BadRequestException', 'Something is wrong.') : list([card('bob')])(b)));
    expect(await screen.findByText('Failed to load channels')).toBeInTheDocument();
    expect(screen.getByTestId('error-notification')).toHaveTextContent('Error loading channels');
    fail = false;
    await userEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findAllByTestId('channel-card')).toHaveLength(1);
  });

  it('fetches the list again on every visit', async () => {
    const { app, calls } = setup(list([card('bob')]));
    await screen.findAllByTestId('channel-card');
    await act(() => app.router.navigate('/'));
    await act(() => app.router.navigate('/following'));
    await waitFor(() => expect(calls.filter((c) => c.path === '/channel/followingList').length).toBeGreaterThanOrEqual(3));
    expect(screen.getAllByTestId('channel-card')).toHaveLength(1);
  });
});

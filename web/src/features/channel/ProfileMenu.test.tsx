import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderApp } from '../../test/render';
import { alice, fakeApi, signedOut } from '../../test/fakeApi';

const bob = {
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
};
const ban = { userId: 'u-2', username: 'bob', avatar: 'bear', color: 'green', bannedAt: '2026-11-25T00:00:00Z' };

describe('ProfileMenu', () => {
  it('bans and unbans the channel owner from the viewer\'s own room', async () => {
    let bans: (typeof ban)[] = [];
    const calls = fakeApi({
      'GET /auth/session': () => ({ status: 200, body: { user: alice } }),
      'GET /channels/bob': () => ({ status: 200, body: bob }),
      'GET /chat/ch1/bans': () => ({ status: 200, body: { bans } }),
      'PUT /chat/ch1/bans/u-2': () => {
        bans = [ban];
        return { status: 204 };
      },
      'DELETE /chat/ch1/bans/u-2': () => ({ status: 500, body: { error: { code: 'UnexpectedException', message: 'x' } } }),
    });
    renderApp('/bob/profile');
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Open profile menu' }));
    const menu = screen.getByRole('menu', { name: 'Profile menu' });
    await user.click(await within(menu).findByRole('menuitem', { name: 'Ban user' }));
    const confirm = screen.getByRole('alertdialog');
    expect(confirm).toHaveTextContent('Are you sure you would like to ban bob?');
    await user.click(within(confirm).getByRole('button', { name: 'Ban user' }));
    expect(await screen.findByTestId('success-notification')).toHaveTextContent('User banned from channel');
    expect(calls.some((c) => c.method === 'PUT' && c.path === '/chat/ch1/bans/u-2')).toBe(true);
    await waitFor(() => expect(screen.queryByRole('alertdialog')).toBeNull());

    await user.click(screen.getByRole('button', { name: 'Open profile menu' }));
    await user.click(await screen.findByRole('menuitem', { name: 'Unban user' }));
    expect(screen.getByRole('alertdialog')).toHaveTextContent('Are you sure you would like to unban bob?');
    await user.click(within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Unban user' }));
    expect(await screen.findByTestId('error-notification')).toHaveTextContent('Failed to unban user');
  });

  it('offers only "Copy channel link" when signed out', async () => {
    fakeApi({ 'GET /auth/session': signedOut, 'GET /channels/bob': () => ({ status: 200, body: bob }) });
    renderApp('/bob/profile');
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Open profile menu' }));
    const items = within(screen.getByRole('menu')).getAllByRole('menuitem');
    expect(items.map((i) => i.textContent)).toEqual(['Copy channel link']);
  });

  it('offers no ban on the own channel', async () => {
    fakeApi({
      'GET /auth/session': () => ({ status: 200, body: { user: alice } }),
      'GET /channels/alice': () => ({ status: 200, body: { ...bob, userId: alice.id, username: 'alice', channelId: 'ch1' } }),
    });
    renderApp('/alice/profile');
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Open profile menu' }));
    expect(within(screen.getByRole('menu')).getAllByRole('menuitem').map((i) => i.textContent)).toEqual(['Copy channel link']);
  });
});

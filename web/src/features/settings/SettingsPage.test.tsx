import { describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderApp } from '../../test/render';
import { alice, apiError, fakeApi } from '../../test/fakeApi';

function channel(streamKeyValue: string) {
  return {
    id: 'u-1', username: 'alice', email: 'alice@example.com', avatar: 'bear', color: 'blue', channelId: 'ch1',
    playbackId: 'pb1', playbackUrl: 'http://127.0.0.1:8080/hls/pb1/index.m3u8', ingestEndpoint: '127.0.0.1',
    ingestServerUrl: 'rtmp://127.0.0.1:1935/app/', streamKeyValue, chatRoomId: 'room', trackingId: 'ch1',
    channelAssetUrls: {}, stageId: null, channelConfiguration: { type: 'STANDARD' },
  };
}

describe('settings', () => {
  it('copies and resets the stream key', async () => {
    let key = 'sk_one';
    fakeApi({
      'GET /auth/session': () => ({ status: 200, body: { user: alice } }),
      'GET /channel': () => ({ status: 200, body: channel(key) }),
      'POST /channel/streamKey/reset': () => {
        key = 'sk_two';
        return { status: 200, body: { streamKeyValue: key } };
      },
    });
    const user = userEvent.setup();
    const writeText = vi.spyOn(navigator.clipboard, 'writeText').mockResolvedValue();
    renderApp('/settings');

    const field = await screen.findByLabelText('Stream key');
    expect(field).toHaveAttribute('type', 'password');
    expect(field).toHaveAttribute('readonly');

    await user.click(screen.getByRole('button', { name: 'Copy Stream key' }));
    expect(writeText).toHaveBeenCalledWith('sk_one');
    expect(await screen.findByTestId('success-notification')).toHaveTextContent('Stream key copied');

    await user.click(screen.getByRole('button', { name: 'Copy Ingest server URL' }));
    expect(writeText).toHaveBeenLastCalledWith('rtmp://127.0.0.1:1935/app/');
    expect(await screen.findByText('Ingest server URL copied')).toBeInTheDocument();

    const reset = screen.getByRole('button', { name: 'Reset' });
    await user.click(reset);
    const dialog = await screen.findByRole('alertdialog', { name: 'Are you sure you would like to reset your stream key?' });
    expect(within(dialog).getByText('Your current live stream will be terminated when you reset your stream key.')).toBeInTheDocument();
    await user.click(within(dialog).getByRole('button', { name: 'Reset stream key' }));

    expect(await screen.findByText('Stream key has been reset')).toBeInTheDocument();
    await waitFor(() => expect(screen.getByLabelText('Stream key')).toHaveValue('sk_two'));
    expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument();
    expect(reset).toHaveFocus();
  });

  it('closes the confirmation with Escape and returns focus', async () => {
    fakeApi({
      'GET /auth/session': () => ({ status: 200, body: { user: alice } }),
      'GET /channel': () => ({ status: 200, body: channel('k') }),
    });
    const user = userEvent.setup();
    renderApp('/settings');
    const open = await screen.findByRole('button', { name: 'Delete my account' });
    await user.click(open);
    expect(screen.getByRole('alertdialog', { name: 'Are you sure you would like to delete your account?' })).toBeInTheDocument();
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument();
    expect(open).toHaveFocus();
  });

  it('saves a username only when it changed, and shows server errors inline', async () => {
    fakeApi({
      'GET /auth/session': () => ({ status: 200, body: { user: alice } }),
      'GET /channel': () => ({ status: 200, body: channel('k') }),
      'PUT /channel/username/update': (body) => {
        const { newUsername } = body as { newUsername: string };
        if (newUsername === 'taken') {
          return apiError(409, 'AliasExistsException', 'This username has been taken.', { newUsername: 'This username has been taken.' });
        }
        return { status: 200, body: { username: newUsername } };
      },
    });
    const user = userEvent.setup();
    renderApp('/settings');
    const form = await screen.findByTestId('username-form');
    const input = within(form).getByLabelText('Username');
    const save = within(form).getByRole('button', { name: 'Save' });
    expect(input).toHaveValue('alice');
    expect(save).toHaveAttribute('aria-disabled', 'true');

    await user.clear(input);
    await user.type(input, 'taken');
    await user.click(save);
    expect(await screen.findByTestId('error-notification')).toHaveTextContent('Username failed to save');
    expect(within(form).getByText('This username has been taken.')).toBeInTheDocument();

    await user.clear(input);
    await user.type(input, 'alice2');
    await user.click(save);
    expect(await screen.findByTestId('success-notification')).toHaveTextContent('Username saved');
    await waitFor(() => expect(save).toHaveAttribute('aria-disabled', 'true'));
  });

  it('changes the password and confirms with a modal', async () => {
    const calls = fakeApi({
      'GET /auth/session': () => ({ status: 200, body: { user: alice } }),
      'GET /channel': () => ({ status: 200, body: channel('k') }),
      'PUT /channel/password/update': (body) => {
        const { currentPassword } = body as { currentPassword: string };
        if (currentPassword !== 'Passw0rd!') {
          return apiError(400, 'NotAuthorizedException', 'Incorrect password.', { currentPassword: 'Incorrect password.' });
        }
        return { status: 200, body: {} };
      },
    });
    const user = userEvent.setup();
    renderApp('/settings');
    const form = await screen.findByTestId('password-form');
    const current = within(form).getByLabelText('Current password');
    const next = within(form).getByLabelText('New password');
    const confirm = within(form).getByLabelText('Confirm new password');
    expect(next).toHaveAttribute('placeholder', 'Create your new password');

    await user.type(current, 'Passw0rd!');
    await user.type(next, 'Passw0rd!');
    await user.type(confirm, 'Passw0rd!');
    await user.click(within(form).getByRole('button', { name: 'Save' }));
    expect(within(form).getByText('Your new password cannot be the same as your old password.')).toBeInTheDocument();
    expect(calls.some((c) => c.path === '/channel/password/update')).toBe(false);

    await user.clear(current);
    await user.type(current, 'Wrong-passw0rd');
    await user.click(within(form).getByRole('button', { name: 'Save' }));
    expect(await screen.findByTestId('error-notification')).toHaveTextContent('Incorrect password.');

    await user.clear(current);
    await user.type(current, 'Passw0rd!');
    await user.clear(next);
    await user.type(next, 'N3w-Passw0rd');
    await user.clear(confirm);
    await user.type(confirm, 'N3w-Passw0rd');
    await user.click(within(form).getByRole('button', { name: 'Save' }));

    expect(await screen.findByTestId('success-notification')).toHaveTextContent('Password saved');
    const modal = screen.getByRole('dialog', { name: 'Password updated' });
    expect(within(modal).getByText('Your password has been updated.')).toBeInTheDocument();
    await user.click(within(modal).getByRole('button', { name: 'Okay' }));
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(current).toHaveValue('');
  });

  it('deletes the account and lands on /login', async () => {
    let exists = true;
    fakeApi({
      'GET /auth/session': () => ({ status: 200, body: { user: alice } }),
      'GET /channel': () => ({ status: 200, body: channel('k') }),
      'DELETE /channel': () => {
        exists = false;
        return { status: 204 };
      },
    });
    localStorage.setItem('x', '1');
    const user = userEvent.setup();
    const app = renderApp('/settings');
    await user.click(await screen.findByRole('button', { name: 'Delete my account' }));
    await user.click(screen.getByRole('button', { name: 'Delete account' }));
    expect(await screen.findByTestId('success-notification')).toHaveTextContent('Your account has been successfully deleted.');
    await waitFor(() => expect(app.location()).toBe('/login'));
    expect(screen.getByRole('heading', { name: 'Sign in to your account' })).toBeInTheDocument();
    expect(localStorage.length).toBe(0);
    expect(exists).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderApp } from '../test/render';
import { alice, apiError, fakeApi, signedOut } from '../test/fakeApi';

const channel = {
  id: 'u-1',
  username: 'alice',
  email: 'alice@example.com',
  avatar: 'bear',
  color: 'blue',
  channelId: 'ch1',
  playbackId: 'pb1',
  playbackUrl: 'http://127.0.0.1:8080/hls/pb1/index.m3u8',
  ingestEndpoint: '127.0.0.1',
  ingestServerUrl: 'rtmp://127.0.0.1:1935/app/',
  streamKeyValue: 'sk_secret',
  chatRoomId: 'room',
  trackingId: 'ch1',
  channelAssetUrls: {},
  stageId: null,
  channelConfiguration: { type: 'STANDARD' },
};

describe('sign-in redirects', () => {
  it('sends a signed-out visitor of /settings to /login and back after signing in', async () => {
    let signedIn = false;
    const calls = fakeApi({
      'GET /auth/session': () => (signedIn ? { status: 200, body: { user: alice } } : signedOut({})),
      'POST /auth/signin': (body) => {
        const { username, password } = body as { username: string; password: string };
        if (password !== 'Passw0rd!') return apiError(401, 'NotAuthorizedException', 'Incorrect username or password');
        signedIn = true;
        expect(username).toBe('alice');
        return { status: 200, body: { user: alice } };
      },
      'GET /channel': () => ({ status: 200, body: channel }),
    });
    const user = userEvent.setup();
    const app = renderApp('/settings?from=test');

    expect(await screen.findByRole('heading', { name: 'Sign in to your account' })).toBeInTheDocument();
    expect(app.location()).toBe('/login?from=test');

    const submit = screen.getByRole('button', { name: 'Sign in' });
    expect(submit).toHaveAttribute('aria-disabled', 'true');
    await user.type(screen.getByLabelText('Username'), '  alice ');
    expect(submit).toHaveAttribute('aria-disabled', 'true');
    await user.type(screen.getByLabelText('Password'), 'wrong');
    expect(submit).not.toHaveAttribute('aria-disabled');

    await user.click(submit);
    expect(await screen.findByTestId('error-notification')).toHaveTextContent('Incorrect username or password');
    expect(screen.getByTestId('error-notification')).toHaveAttribute('role', 'alert');

    await user.clear(screen.getByLabelText('Password'));
    await user.type(screen.getByLabelText('Password'), 'Passw0rd!');
    await user.click(submit);

    expect(await screen.findByRole('heading', { name: 'Settings' })).toBeInTheDocument();
    expect(app.location()).toBe('/settings?from=test');
    expect(await screen.findByLabelText('Stream key')).toHaveValue('sk_secret');
    expect(calls.filter((c) => c.path === '/auth/signin')).toHaveLength(2);
  });

  it('sends a signed-in user away from /login to the directory', async () => {
    fakeApi({ 'GET /auth/session': () => ({ status: 200, body: { user: alice } }) });
    const app = renderApp('/login');
    expect(await screen.findByRole('heading', { name: 'Live streams' })).toBeInTheDocument();
    expect(app.location()).toBe('/');
  });

  it('remembers the page where "Log in" was pressed', async () => {
    fakeApi({
      'GET /auth/session': signedOut,
      'GET /channels/bob': () => ({ status: 200, body: { username: 'bob', avatar: 'dog', color: 'green', channelId: 'c2', channelAssetUrls: {}, playbackUrl: '', isLive: false } }),
      'POST /auth/signin': () => ({ status: 200, body: { user: alice } }),
    });
    const user = userEvent.setup();
    const app = renderApp('/bob');
    expect(await screen.findByRole('heading', { name: 'bob' })).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Log in' }));
    await user.type(await screen.findByLabelText('Username'), 'alice');
    await user.type(screen.getByLabelText('Password'), 'Passw0rd!');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    await waitFor(() => expect(app.location()).toBe('/bob'));
  });

  it('logs out to the directory and clears local storage', async () => {
    let signedIn = true;
    const calls = fakeApi({
      'GET /auth/session': () => (signedIn ? { status: 200, body: { user: alice } } : signedOut({})),
      'POST /auth/signout': () => {
        signedIn = false;
        return { status: 204 };
      },
    });
    localStorage.setItem('onair.something', 'x');
    const user = userEvent.setup();
    const app = renderApp('/following');
    expect(await screen.findByRole('heading', { name: 'Following' })).toBeInTheDocument();

    // jsdom has no matchMedia, so the mobile navigation is shown.
    await user.click(screen.getByTestId('floating-menu-toggle'));
    await user.click(screen.getByTestId('logout-action'));

    await waitFor(() => expect(screen.getByRole('button', { name: 'Log in' })).toBeInTheDocument());
    expect(app.location()).toBe('/');
    expect(localStorage.length).toBe(0);
    expect(calls.some((c) => c.method === 'POST' && c.path === '/auth/signout')).toBe(true);
  });
});

describe('email links', () => {
  it('confirms a registration once and strips the query', async () => {
    const calls = fakeApi({
      'GET /auth/session': signedOut,
      'POST /auth/verify': () => ({ status: 200, body: { emailChanged: false } }),
    });
    const app = renderApp('/login?code=abc&username=alice');
    expect(await screen.findByTestId('success-notification')).toHaveTextContent('Your registration has been confirmed');
    await waitFor(() => expect(app.location()).toBe('/login'));
    expect(calls.filter((c) => c.path === '/auth/verify')).toEqual([
      { method: 'POST', path: '/auth/verify', body: { username: 'alice', code: 'abc' } },
    ]);
  });

  it('says when a link confirmed a changed email address', async () => {
    fakeApi({
      'GET /auth/session': signedOut,
      'POST /auth/verify': () => ({ status: 200, body: { emailChanged: true } }),
    });
    renderApp('/login?code=abc&username=alice');
    expect(await screen.findByTestId('success-notification')).toHaveTextContent('Your email address has been confirmed');
  });

  it('reports a failed confirmation', async () => {
    fakeApi({
      'GET /auth/session': signedOut,
      'POST /auth/verify': () => apiError(400, 'CodeMismatchException', 'This link is not valid. Request a new one.'),
    });
    renderApp('/login?code=bad&username=alice');
    expect(await screen.findByTestId('error-notification')).toHaveTextContent('Your registration has not been confirmed');
  });

  it('normalises a half reset link to /reset', async () => {
    fakeApi({ 'GET /auth/session': signedOut });
    const app = renderApp('/reset?code=abc');
    expect(await screen.findByRole('button', { name: 'Continue' })).toBeInTheDocument();
    expect(app.location()).toBe('/reset');
  });
});

describe('routes', () => {
  it('shows the unavailable page for an unknown channel', async () => {
    fakeApi({ 'GET /auth/session': signedOut, 'GET /channels/nobody': () => apiError(404, 'UserNotFoundException', 'User not found.') });
    const user = userEvent.setup();
    const app = renderApp('/nobody');
    expect(await screen.findByRole('heading', { name: 'This page is unavailable' })).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Back to directory' }));
    expect(app.location()).toBe('/');
  });

  it('redirects other channel sub-paths to the channel', async () => {
    fakeApi({ 'GET /auth/session': signedOut });
    const app = renderApp('/bob/videos/1');
    await waitFor(() => expect(app.location()).toBe('/bob'));
  });

  it('redirects deep health paths to /health', async () => {
    fakeApi({ 'GET /auth/session': () => ({ status: 200, body: { user: alice } }) });
    const app = renderApp('/health/st-1/extra');
    expect(await screen.findByRole('heading', { name: 'Stream health' })).toBeInTheDocument();
    expect(app.location()).toBe('/health');
  });
});

import { describe, expect, it, vi } from 'vitest';
import { ApiError, UNEXPECTED_MESSAGE, api, request } from './api';
import { alice, apiError, fakeApi, jsonResponse } from '../test/fakeApi';

describe('request', () => {
  it('sends JSON with same-origin credentials and parses the answer', async () => {
    const calls = fakeApi({ 'POST /auth/signin': () => ({ status: 200, body: { user: alice } }) });
    await expect(api.auth.signIn('alice', 'Passw0rd!')).resolves.toEqual(alice);
    expect(calls).toEqual([{ method: 'POST', path: '/auth/signin', body: { username: 'alice', password: 'Passw0rd!' } }]);
    const init = vi.mocked(fetch).mock.calls[0]![1]!;
    expect(init.credentials).toBe('same-origin');
    expect(new Headers(init.headers).get('Content-Type')).toBe('application/json');
  });

  it('turns the error body into an ApiError with status, code, message and fields', async () => {
    fakeApi({
      'POST /channel/register': () =>
        apiError(409, 'UsernameExistsException', 'This username has been taken.', { username: 'This username has been taken.' }),
    });
    const err = await api.account
      .register({ username: 'alice', email: 'a@b.co', password: 'Passw0rd!', avatar: 'bear', color: 'blue' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({
      status: 409,
      code: 'UsernameExistsException',
      message: 'This username has been taken.',
      fields: { username: 'This username has been taken.' },
    });
  });

  it('defaults fields to an empty object', async () => {
    fakeApi({ 'POST /auth/signin': () => apiError(401, 'NotAuthorizedException', 'Incorrect username or password') });
    await expect(api.auth.signIn('a', 'b')).rejects.toMatchObject({ status: 401, code: 'NotAuthorizedException', fields: {} });
  });

  it('maps a body that is not an error document to UnexpectedException', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => new Response('<html>Bad gateway</html>', { status: 502 })));
    await expect(request('GET', '/channel')).rejects.toMatchObject({
      status: 502,
      code: 'UnexpectedException',
      message: UNEXPECTED_MESSAGE,
    });
  });

  it('maps a network failure to status 0', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))));
    await expect(request('GET', '/channel')).rejects.toMatchObject({ status: 0, code: 'NetworkError' });
  });

  it('resolves 204 answers with undefined', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => jsonResponse(204)));
    await expect(api.account.delete()).resolves.toBeUndefined();
  });
});

describe('api.auth.session', () => {
  it('is null when signed out', async () => {
    fakeApi({ 'GET /auth/session': () => apiError(401, 'UnauthorizedException', 'You must be signed in.') });
    await expect(api.auth.session()).resolves.toBeNull();
  });

  it('is the user when signed in', async () => {
    fakeApi({ 'GET /auth/session': () => ({ status: 200, body: { user: alice } }) });
    await expect(api.auth.session()).resolves.toEqual(alice);
  });

  it('rejects on other failures', async () => {
    fakeApi({ 'GET /auth/session': () => apiError(500, 'UnexpectedException', 'boom') });
    await expect(api.auth.session()).rejects.toMatchObject({ status: 500 });
  });

  it('escapes usernames in paths', async () => {
    const calls = fakeApi({});
    await api.channel.byUsername('a/b').catch(() => undefined);
    expect(calls[0]!.path).toBe('/channels/a%2Fb');
  });
});

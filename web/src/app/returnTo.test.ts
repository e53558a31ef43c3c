import { describe, expect, it } from 'vitest';
import {
  forgetLocation,
  isAuthPath,
  isProtectedPath,
  loginPathFor,
  rememberLocation,
  returnPath,
  safePath,
  signedOutRedirect,
} from './returnTo';

describe('remembered location', () => {
  it('defaults to the directory', () => {
    expect(returnPath()).toBe('/');
  });

  it('keeps path, query and hash', () => {
    rememberLocation({ pathname: '/settings', search: '?tab=1', hash: '#x' });
    expect(returnPath()).toBe('/settings?tab=1#x');
    forgetLocation();
    expect(returnPath()).toBe('/');
  });

  it('never remembers a sign-in page', () => {
    rememberLocation({ pathname: '/john' });
    rememberLocation({ pathname: '/login', search: '?x=1' });
    rememberLocation({ pathname: '/register' });
    rememberLocation({ pathname: '/reset/' });
    expect(returnPath()).toBe('/john');
  });

  it('ignores values that would leave the site', () => {
    sessionStorage.setItem('onair.returnTo', '//evil.example/');
    expect(returnPath()).toBe('/');
    sessionStorage.setItem('onair.returnTo', 'https://evil.example/');
    expect(returnPath()).toBe('/');
    expect(safePath('/\\evil.example')).toBeNull();
    expect(safePath('/ok')).toBe('/ok');
  });
});

describe('route classes', () => {
  it.each([
    ['/following', true],
    ['/settings', true],
    ['/manager', true],
    ['/manager/collab', true],
    ['/health', true],
    ['/health/st-1', true],
    ['/', false],
    ['/healthy', false],
    ['/john', false],
    ['/login', false],
  ])('%s protected: %s', (path, expected) => {
    expect(isProtectedPath(path)).toBe(expected);
  });

  it('knows the sign-in pages', () => {
    expect(['/login', '/register', '/reset'].every(isAuthPath)).toBe(true);
    expect(isAuthPath('/settings')).toBe(false);
  });
});

describe('signedOutRedirect', () => {
  const loc = { pathname: '/manager/collab', search: '?stageId=abc' };

  it('sends an anonymous visitor to /login with the query kept, remembering the page', () => {
    expect(signedOutRedirect(loc, null)).toEqual({ to: { pathname: '/login', search: '?stageId=abc' }, remember: true });
    expect(loginPathFor({ pathname: '/settings' })).toEqual({ pathname: '/login', search: '' });
  });

  it('sends someone who just logged out to the directory', () => {
    expect(signedOutRedirect(loc, 'logout')).toEqual({ to: { pathname: '/', search: '' }, remember: false });
  });

  it('sends someone who deleted their account to /login', () => {
    expect(signedOutRedirect(loc, 'deleted')).toEqual({ to: { pathname: '/login', search: '' }, remember: false });
  });
});

// Where to send a user after signing in (spec 2.1 "Auth redirects"). The
// location is kept in sessionStorage (per tab, never in localStorage, which
// is wiped at sign-out) so it survives a reload of /login.

const KEY = 'onair.returnTo';

export interface PathLike {
  pathname: string;
  search?: string;
  hash?: string;
}

const authPaths = ['/login', '/register', '/reset'];
const protectedPattern = /^\/(following|settings|manager|health)(\/|$)/;

export function isAuthPath(pathname: string): boolean {
  return authPaths.includes(pathname.replace(/\/+$/, '') || '/');
}

export function isProtectedPath(pathname: string): boolean {
  return protectedPattern.test(pathname);
}

/** Only same-site absolute paths are followed; anything else falls back to "/". */
export function safePath(value: string | null | undefined): string | null {
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.includes('\\')) return null;
  return value;
}

function toPath(loc: PathLike): string {
  return `${loc.pathname}${loc.search ?? ''}${loc.hash ?? ''}`;
}

/** Remembers loc as the place to return to, unless it is a sign-in page itself. */
export function rememberLocation(loc: PathLike, storage: Storage = sessionStorage): void {
  if (isAuthPath(loc.pathname)) return;
  try {
    storage.setItem(KEY, toPath(loc));
  } catch {
    // Storage may be unavailable (private mode quotas); the fallback is "/".
  }
}

/** The remembered location, or "/" when there is none. */
export function returnPath(storage: Storage = sessionStorage): string {
  try {
    return safePath(storage.getItem(KEY)) ?? '/';
  } catch {
    return '/';
  }
}

export function forgetLocation(storage: Storage = sessionStorage): void {
  try {
    storage.removeItem(KEY);
  } catch {
    // nothing to forget
  }
}

/** The sign-in address for a protected location: /login with its query string kept. */
export function loginPathFor(loc: PathLike): { pathname: string; search: string } {
  return { pathname: '/login', search: loc.search ?? '' };
}

export type SessionEnd = 'logout' | 'deleted' | null;

/**
 * Where a signed-out visitor of a protected page goes: after "Log out" to the
 * directory, after account deletion to /login, otherwise to /login after
 * remembering the page.
 */
export function signedOutRedirect(loc: PathLike, endedBy: SessionEnd): { to: { pathname: string; search: string }; remember: boolean } {
  if (endedBy === 'logout') return { to: { pathname: '/', search: '' }, remember: false };
  if (endedBy === 'deleted') return { to: { pathname: '/login', search: '' }, remember: false };
  return { to: loginPathFor(loc), remember: true };
}

// The follow-after-login flow (spec 2.4): a signed-out click on Follow
// remembers the channel, and once the user is back on it signed in the
// follow is sent for them. Kept per tab in sessionStorage, like returnTo.

const KEY = 'onair.followAfterLogin';

export function rememberFollow(username: string, storage: Storage = sessionStorage): void {
  try {
    storage.setItem(KEY, username);
  } catch {
    // no storage: the user clicks Follow again after signing in
  }
}

/** Takes (reads and clears) the pending follow if it is for this channel. */
export function takePendingFollow(username: string, storage: Storage = sessionStorage): boolean {
  try {
    const pending = storage.getItem(KEY);
    if (pending === null || pending.toLowerCase() !== username.toLowerCase()) return false;
    storage.removeItem(KEY);
    return true;
  } catch {
    return false;
  }
}

/** Drops a pending follow (sign-out: it belonged to the tab's previous visitor). */
export function forgetPendingFollow(storage: Storage = sessionStorage): void {
  try {
    storage.removeItem(KEY);
  } catch {
    // nothing to forget
  }
}

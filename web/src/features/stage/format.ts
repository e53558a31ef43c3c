// Stage formatting: request ages (spec 8.4) and the session link (8.5).

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** "1 min ago", "N min ago", "N hr ago" (a fresh request reads "1 min ago"). */
export function requestAge(sent: number, now: number): string {
  const ms = Math.max(0, now - sent);
  if (ms >= HOUR) return `${Math.floor(ms / HOUR)} hr ago`;
  return `${Math.max(1, Math.floor(ms / MINUTE))} min ago`;
}

/**
 * The invite link: `<origin>/manager/collab?stageId=<id>&invite=<code>`. The stage id is
 * public (spectators watch it); the code is what lets someone publish.
 */
export function sessionLink(stageId: string, invite: string, origin = window.location.origin): string {
  return `${origin}/manager/collab?${new URLSearchParams({ stageId, invite }).toString()}`;
}

// How the session navigator names and groups sessions (spec 9.3).
import type { StreamSessionSummary } from '../../../lib/types';
import { calendarDaysBetween, formatTime } from '../format';

export interface SessionGroup {
  label: 'Today' | 'Previous 7 days' | 'Previous 30 days' | 'Earlier';
  sessions: StreamSessionSummary[];
}

/** Sessions (newest first) grouped by calendar days before `now`: < 1, < 8, < 31, the rest. */
export function groupSessions(sessions: StreamSessionSummary[], now: Date | number): SessionGroup[] {
  const groups: SessionGroup[] = [
    { label: 'Today', sessions: [] },
    { label: 'Previous 7 days', sessions: [] },
    { label: 'Previous 30 days', sessions: [] },
    { label: 'Earlier', sessions: [] },
  ];
  for (const s of sessions) {
    const days = calendarDaysBetween(s.startTime, now);
    const i = days < 1 ? 0 : days < 8 ? 1 : days < 31 ? 2 : 3;
    groups[i]!.sessions.push(s);
  }
  return groups.filter((g) => g.sessions.length > 0);
}

/** "Started 5 minutes ago" for a live session, "7:24 PM – 7:45 PM" for an ended one. */
export function sessionTimeText(s: StreamSessionSummary, now: Date | number): string {
  if (s.isLive || !s.endTime) return `Started ${ago(Date.parse(s.startTime), +now)}`;
  return `${formatTime(s.startTime)} – ${formatTime(s.endTime)}`;
}

/** "+2d" when the session ended on a later calendar day than it started, else "". */
export function daySpanText(s: StreamSessionSummary, now: Date | number): string {
  const days = calendarDaysBetween(s.startTime, s.endTime ?? now);
  return days > 0 ? `+${days}d` : '';
}

function ago(from: number, now: number): string {
  const minutes = Math.floor(Math.max(0, now - from) / 60_000);
  if (minutes < 1) return 'less than a minute ago';
  if (minutes < 60) return minutes === 1 ? '1 minute ago' : `${minutes} minutes ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return hours === 1 ? '1 hour ago' : `${hours} hours ago`;
  const days = Math.floor(hours / 24);
  return days === 1 ? '1 day ago' : `${days} days ago`;
}

/** The neighbours of `streamId` in a newest-first list: older is "previous", newer is "next". */
export function neighbours(sessions: StreamSessionSummary[], streamId: string | undefined) {
  const i = sessions.findIndex((s) => s.streamId === streamId);
  if (i < 0) return { previous: undefined, next: undefined };
  return { previous: sessions[i + 1], next: i > 0 ? sessions[i - 1] : undefined };
}

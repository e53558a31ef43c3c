// The channel's latest stream action as the server sees it, from two
// sources: the polled channel data (activeAction; late joiners, and the
// fallback when realtime is down) and channel:<id> events (streamAction,
// pollVotes). A realtime event is newer than a poll that was in flight when
// it arrived, so for a while polls may only add what events missed.
import type { Poll, StreamAction } from '../../lib/types';

export interface Latest {
  action: StreamAction | null;
  /** Date.now() of the last streamAction event (0: none yet). */
  eventAt: number;
  /**
   * Server time (epoch ms) of what the last event said: the action's
   * startTime, or when it was stopped. A polled action starting later is
   * news the events missed.
   */
  eventTime: number;
}

/** For this long after a streamAction event, a poll answer saying otherwise is presumed stale. */
export const EVENT_TRUST_MS = 10_000;

/** A newer tally replaces an older one; the viewer's own vote, once known, is kept. */
export function mergePoll(old: Poll, next: Poll): Poll {
  if (old.id !== next.id) return next;
  const myVote = next.myVote ?? old.myVote;
  // Counts only grow and a poll that ended stays ended: an older tally does not win.
  const stale = (old.ended && !next.ended) || (!next.ended && next.totalVotes < old.totalVotes);
  const base = stale ? old : next;
  return base.myVote === myVote ? base : { ...base, myVote };
}

function mergeAction(old: StreamAction, next: StreamAction): StreamAction {
  if (!old.poll || !next.poll) return next.poll || !old.poll ? next : { ...next, poll: old.poll };
  const poll = mergePoll(old.poll, next.poll);
  return poll === next.poll ? next : { ...next, poll };
}

function ms(iso: string | undefined): number {
  const t = iso ? Date.parse(iso) : NaN;
  return Number.isFinite(t) ? t : 0;
}

/** A streamAction event (null: stopped); `time` is the event's server time. */
export function fromEvent(l: Latest, action: StreamAction | null, now: number, time?: string): Latest {
  const next = action && l.action && l.action.id === action.id ? mergeAction(l.action, action) : action;
  const eventTime = Math.max(action ? ms(action.startTime) : 0, ms(time));
  return { action: next, eventAt: now, eventTime };
}

/** The polled channel data's activeAction. */
export function fromPoll(l: Latest, polled: StreamAction | null, now: number): Latest {
  if (polled && l.action && polled.id === l.action.id) {
    const action = mergeAction(l.action, polled);
    return action === l.action ? l : { ...l, action };
  }
  if (!polled && !l.action) return l;
  const newer = polled !== null && ms(polled.startTime) > Math.max(l.eventTime, l.action ? ms(l.action.startTime) : 0);
  if (!newer && now - l.eventAt < EVENT_TRUST_MS) return l;
  return { ...l, action: polled };
}

/** A pollVotes event, or the answer to the viewer's vote. */
export function withPoll(l: Latest, poll: Poll): Latest {
  const a = l.action;
  if (!a || a.name !== 'poll' || (a.poll && a.poll.id !== poll.id)) return l;
  const merged = a.poll ? mergePoll(a.poll, poll) : poll;
  if (merged === a.poll) return l;
  return { ...l, action: { ...a, poll: merged } };
}

// What the stream manager shows of the channel's active action at a given
// time: counting down, on until stopped, or (a poll) showing its results.
import type { StreamAction, StreamActionName } from '../../../lib/types';
import { POLL_CLEAR_GRACE_MS, POLL_RESULTS_MS } from './definitions';

export interface ActiveView {
  id: string;
  name: StreamActionName;
  /** countdown: timed and running; on: runs until stopped; results: a poll that ended. */
  phase: 'countdown' | 'on' | 'results';
  /** Time left of the countdown, in ms (0 otherwise). */
  remainingMs: number;
  /** The countdown's full length, in ms (0 otherwise). */
  totalMs: number;
  /** When the view next changes by itself (a second boundary is counted from it), null: never. */
  anchor: number | null;
  /** Over: the page drops it (the server no longer shows it either). */
  expired: boolean;
}

const parse = (t: string | null | undefined) => {
  const n = t ? Date.parse(t) : Number.NaN;
  return Number.isFinite(n) ? n : null;
};

/**
 * The view of action at now. A countdown runs from the action's start for
 * the duration the streamer chose (a quiz stays on viewers' screens 2 s
 * longer, the server's expiry); it never shows more than that duration, so
 * a client clock behind the server's does not stretch it.
 */
export function activeView(action: StreamAction | null, now: number): ActiveView | null {
  if (!action) return null;
  const base = { id: action.id, name: action.name };
  const start = parse(action.startTime) ?? now;

  if (action.name === 'poll') {
    const end = parse(action.poll?.endTime) ?? parse(action.expiry);
    if (end === null) return { ...base, phase: 'on', remainingMs: 0, totalMs: 0, anchor: null, expired: false };
    const totalMs = (action.poll?.duration ?? action.data.duration) * 1000 || Math.max(0, end - start);
    if (action.poll?.ended || now >= end) {
      const clearAt = end + POLL_RESULTS_MS + POLL_CLEAR_GRACE_MS;
      return { ...base, phase: 'results', remainingMs: 0, totalMs: 0, anchor: clearAt, expired: now >= clearAt };
    }
    return { ...base, phase: 'countdown', remainingMs: Math.min(end - now, totalMs), totalMs, anchor: end, expired: false };
  }

  const duration = 'duration' in action.data && typeof action.data.duration === 'number' ? action.data.duration : null;
  const deadline = duration !== null ? start + duration * 1000 : parse(action.expiry);
  if (deadline === null) return { ...base, phase: 'on', remainingMs: 0, totalMs: 0, anchor: null, expired: false };
  const totalMs = duration !== null ? duration * 1000 : Math.max(0, deadline - start);
  const remainingMs = Math.min(deadline - now, totalMs);
  return { ...base, phase: 'countdown', remainingMs: Math.max(0, remainingMs), totalMs, anchor: deadline, expired: remainingMs <= 0 };
}

/** "12s": whole seconds left, rounded up. */
export function secondsLeft(ms: number): string {
  return `${Math.ceil(ms / 1000)}s`;
}

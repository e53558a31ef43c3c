// When an action is on screen (spec 7.4, ARCHITECTURE 4): a pure state
// machine driven by the channel's latest action and readings of the
// playback clock, kept apart from React so it can be tested on its own.
//
//   pending --(clock >= startTime)--> visible --(clock >= expiry)--> done
//
// - The newest action replaces the one on screen when the playback reaches
//   its own startTime; until then the old one stays.
// - A stop (null) or the stream going offline clears everything at once.
// - An action that is over (expired, stopped, dismissed by the viewer) is
//   never shown again under the same id, even if a late poll of the channel
//   still names it.
import type { StreamAction } from '../../lib/types';

export interface Shown {
  action: StreamAction;
  /** Epoch ms (viewer's clock) when it became visible. */
  shownAt: number;
  /** The playback clock's reading then. */
  mediaTimeAtShow: number;
}

export interface TimedState {
  /** On screen now. */
  visible: Shown | null;
  /** Received, waiting for the playback to reach its startTime. */
  pending: StreamAction | null;
  /** Ids that are over (most recent last, bounded). */
  done: readonly string[];
}

export const emptyTimed: TimedState = { visible: null, pending: null, done: [] };

/** How many finished ids are remembered. */
const DONE_MAX = 32;
/** Results of a poll stay up 10 s after it ends; viewers clear it 2 s later if the server did not (spec 7.6). */
const POLL_RESULTS_MS = 12_000;
/** A quiz stays up 2 s after its duration (spec 7.1). */
const QUIZ_GRACE_MS = 2_000;

export function startOf(a: StreamAction): number {
  const t = Date.parse(a.startTime);
  return Number.isFinite(t) ? t : 0;
}

/**
 * When the action leaves the screen (epoch ms), or null for "until stopped
 * or replaced". The server's expiry wins, with the spec's durations as the
 * fallback. A poll is different: its expiry is the end of voting, after
 * which its results stay up 10 s until the server clears it; if that never
 * arrives the viewer clears it 2 s later (spec 7.6).
 */
export function expiryOf(a: StreamAction): number | null {
  const start = startOf(a);
  if (a.name === 'poll') {
    const end = [a.poll?.endTime, a.expiry].map((v) => (v ? Date.parse(v) : NaN)).find(Number.isFinite);
    return (end ?? start + a.data.duration * 1000) + POLL_RESULTS_MS;
  }
  if (a.expiry !== null) {
    const t = Date.parse(a.expiry);
    if (Number.isFinite(t)) return t;
  }
  switch (a.name) {
    case 'quiz':
      return start + a.data.duration * 1000 + QUIZ_GRACE_MS;
    case 'notice':
    case 'celebration':
      return start + a.data.duration * 1000;
    default:
      return null;
  }
}

function finish(done: readonly string[], ...ids: (string | undefined)[]): readonly string[] {
  const add = ids.filter((id): id is string => !!id && !done.includes(id));
  if (add.length === 0) return done;
  return [...done, ...add].slice(-DONE_MAX);
}

/** The channel's latest action changed (null: stopped). */
export function receive(s: TimedState, action: StreamAction | null): TimedState {
  if (action === null) {
    if (!s.visible && !s.pending) return s;
    return { visible: null, pending: null, done: finish(s.done, s.visible?.action.id, s.pending?.id) };
  }
  if (s.done.includes(action.id)) {
    // Over already; a newer action we were waiting for is not replaced by it.
    return s;
  }
  if (s.visible && s.visible.action.id === action.id) {
    // An update of what is on screen (e.g. a poll's tally): no restart.
    if (s.visible.action === action && !s.pending) return s;
    return { ...s, visible: { ...s.visible, action }, pending: null };
  }
  if (s.pending === action) return s;
  return { ...s, pending: action };
}

/** The stream went offline: nothing stays on screen (spec 7.4). */
export function clear(s: TimedState): TimedState {
  return receive(s, null);
}

/** The viewer closed what is on screen (e.g. 2 s after answering a quiz). */
export function dismiss(s: TimedState, id: string): TimedState {
  if (s.visible?.action.id !== id) return s;
  return { ...s, visible: null, done: finish(s.done, id) };
}

/**
 * Moves time on to `t` (the playback clock); `now` is the viewer's wall
 * clock, recorded as the moment an action became visible.
 */
export function advance(s: TimedState, t: number, now: number): TimedState {
  let { visible, pending, done } = s;
  if (pending && t >= startOf(pending)) {
    const expiry = expiryOf(pending);
    // The newer action takes over: the old one goes even if the new one is already over.
    done = finish(done, visible?.action.id);
    if (expiry !== null && t >= expiry) {
      done = finish(done, pending.id);
      visible = null;
    } else {
      visible = { action: pending, shownAt: now, mediaTimeAtShow: t };
    }
    pending = null;
  }
  if (visible) {
    const expiry = expiryOf(visible.action);
    if (expiry !== null && t >= expiry) {
      done = finish(done, visible.action.id);
      visible = null;
    }
  }
  if (visible === s.visible && pending === s.pending && done === s.done) return s;
  return { visible, pending, done };
}

/** Whether the clock must be watched: something waits for its start or its expiry. */
export function needsTick(s: TimedState): boolean {
  return s.pending !== null || (s.visible !== null && expiryOf(s.visible.action) !== null);
}

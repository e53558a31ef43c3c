// useTimedAction: what to show of the channel's latest action, timed by the
// playback clock (see timing.ts). The clock is read every TICK_MS only while
// something waits for its start or its expiry; idle, nothing runs.
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { StreamAction, StreamActionName } from '../../lib/types';
import { readClock, type PlaybackClock } from './clock';
import { advance, clear, dismiss as dismissIn, emptyTimed, needsTick, receive, type Shown, type TimedState } from './timing';

/** How often the clock is read while an action is pending or timed: appearance lags by at most this. */
export const TICK_MS = 50;

/** One entry of window.__onairOverlayLog (read by the end-to-end timing test). */
export interface OverlayLogEntry {
  id: string;
  name: StreamActionName;
  startTime: string;
  /** Date.now() when it became visible (after the DOM was updated). */
  shownAt: number;
  /** The playback clock's reading then (epoch ms). */
  mediaTime: number;
}

declare global {
  interface Window {
    __onairOverlayLog?: OverlayLogEntry[];
  }
}

function logShown(entry: OverlayLogEntry) {
  const log = (window.__onairOverlayLog ??= []);
  // Once per action (React's development double effects must not log twice).
  if (log.some((e) => e.id === entry.id)) return;
  log.push(entry);
  // Bounded: a page left open for days keeps the last few hundred.
  if (log.length > 500) log.splice(0, log.length - 500);
}

export interface TimedAction {
  /** The action on screen, with when it appeared; null for none. */
  visible: Shown | null;
  /** Received but not reached by the playback yet. */
  pending: StreamAction | null;
  /** The viewer closed the visible action (it does not come back). */
  dismiss: (id: string) => void;
}

export interface TimedActionOptions {
  /** The channel is live; offline clears everything. */
  isLive?: boolean;
}

/**
 * `action` is the channel's latest action as the server sees it (null =
 * none or stopped); `clock` reads the playback's media time.
 */
export function useTimedAction(action: StreamAction | null, clock: PlaybackClock, { isLive = true }: TimedActionOptions = {}): TimedAction {
  const [state, setState] = useState<TimedState>(emptyTimed);
  const ref = useRef(state);
  const clockRef = useRef(clock);
  clockRef.current = clock;

  // Renders only when something changed: ticks that change nothing cost no render.
  const update = useCallback((fn: (s: TimedState) => TimedState) => {
    const next = fn(ref.current);
    if (next === ref.current) return;
    ref.current = next;
    setState(next);
  }, []);
  const step = useCallback(
    (s: TimedState) => advance(s, readClock(clockRef.current), Date.now()),
    [],
  );

  useEffect(() => {
    update((s) => step(isLive ? receive(s, action) : clear(s)));
  }, [action, isLive, update, step]);

  const ticking = needsTick(state);
  useEffect(() => {
    if (!ticking) return;
    const timer = window.setInterval(() => update(step), TICK_MS);
    return () => window.clearInterval(timer);
  }, [ticking, update, step]);

  const shownId = state.visible?.action.id;
  useLayoutEffect(() => {
    const v = ref.current.visible;
    if (!v || v.action.id !== shownId) return;
    logShown({
      id: v.action.id,
      name: v.action.name,
      startTime: v.action.startTime,
      shownAt: Date.now(),
      mediaTime: v.mediaTimeAtShow,
    });
  }, [shownId]);

  const dismiss = useCallback((id: string) => update((s) => dismissIn(s, id)), [update]);
  return { visible: state.visible, pending: state.pending, dismiss };
}

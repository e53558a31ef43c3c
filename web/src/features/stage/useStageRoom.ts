// Connects a StageRoom for a join while mounted and keeps its members in React state.
import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { connectStage, type ConnectOptions, type StageRoom, type StageRoomEvent } from './room';
import type { StageMember } from './members';

export type RoomStatus = 'idle' | 'connecting' | 'connected' | 'failed';

const none: StageMember[] = [];

export interface StageRoomState {
  status: RoomStatus;
  room: StageRoom | null;
  members: StageMember[];
  /** When the local user got in (ms), for join toasts. */
  joinedAt: number | null;
}

/**
 * Connects to `url` with `token` (null: stays idle) and disconnects on
 * unmount or when the token changes. `onEvent` sees joins, leaves and the
 * disconnection; it may change between renders.
 */
export function useStageRoom(
  target: { url: string; token: string } | null,
  options: ConnectOptions,
  onEvent: (e: StageRoomEvent, room: StageRoom) => void,
): StageRoomState {
  const [state, setState] = useState<{ status: RoomStatus; room: StageRoom | null; joinedAt: number | null }>({
    status: 'idle',
    room: null,
    joinedAt: null,
  });
  const handler = useRef(onEvent);
  handler.current = onEvent;
  const opts = useRef(options);
  const url = target?.url;
  const token = target?.token;

  useEffect(() => {
    if (!url || !token) {
      setState({ status: 'idle', room: null, joinedAt: null });
      return;
    }
    let cancelled = false;
    let room: StageRoom | null = null;
    let stopEvents: (() => void) | undefined;
    setState({ status: 'connecting', room: null, joinedAt: null });
    connectStage(url, token, opts.current).then(
      (r) => {
        if (cancelled) {
          void r.disconnect();
          return;
        }
        room = r;
        stopEvents = r.onEvent((e) => handler.current(e, r));
        setState({ status: 'connected', room: r, joinedAt: Date.now() });
      },
      () => {
        if (!cancelled) setState({ status: 'failed', room: null, joinedAt: null });
      },
    );
    return () => {
      cancelled = true;
      stopEvents?.();
      if (room) void room.disconnect();
    };
  }, [url, token]);

  const room = state.room;
  const subscribe = useCallback((fn: () => void) => (room ? room.onChange(fn) : () => {}), [room]);
  const members = useSyncExternalStore(subscribe, () => (room ? room.members() : none));
  return { ...state, members };
}

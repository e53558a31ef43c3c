// One channel's chat room: the lines on screen, live from chat:<channelId>,
// and the actions (send, delete, ban) that go through the HTTP API.
import { useCallback, useEffect, useReducer, useRef, useState } from 'react';
import { useToast } from '../../components/Toast';
import { useConnectionStatus, useSubscription } from '../../app/realtime';
import { useSession } from '../../app/session';
import { api } from '../../lib/api';
import { BANNED_CODE, chatChannel } from '../../lib/realtime';
import type { ChatEvent, ChatMessage } from '../../lib/types';

/** Lines kept on screen; older ones scroll away for good. */
export const MAX_LINES = 200;
export const MODERATING_TOAST_MS = 5000;

export interface ChatLine extends ChatMessage {
  /** Deleted: shown as a "Message removed" placeholder (moderator and author). */
  removed?: boolean;
}

export type RoomStatus = 'connecting' | 'connected' | 'failed' | 'banned';

type Action =
  | { type: 'message'; message: ChatMessage }
  | { type: 'deleted'; messageId: string; placeholder: boolean }
  | { type: 'banned'; userId: string };

export function linesReducer(lines: ChatLine[], a: Action): ChatLine[] {
  switch (a.type) {
    case 'message':
      // A message already shown (recovery, or our own send) is a duplicate.
      if (lines.some((l) => l.id === a.message.id)) return lines;
      return [...lines, a.message].slice(-MAX_LINES);
    case 'deleted':
      if (!lines.some((l) => l.id === a.messageId)) return lines;
      return a.placeholder
        ? lines.map((l) => (l.id === a.messageId ? { ...l, removed: true } : l))
        : lines.filter((l) => l.id !== a.messageId);
    case 'banned':
      return lines.some((l) => l.sender.userId === a.userId) ? lines.filter((l) => l.sender.userId !== a.userId) : lines;
  }
}

export interface ChatRoomOptions {
  channelId: string;
  /** The channel owner's user id: they moderate. */
  ownerId: string;
  /** Known banned (channel data): no connection is even tried. */
  banned: boolean;
  /** The viewer was just banned: refresh what depends on it. */
  onBanned?: (() => void) | undefined;
}

export function useChatRoom({ channelId, ownerId, banned, onBanned }: ChatRoomOptions) {
  const { user } = useSession();
  const me = user?.id ?? '';
  const moderator = me !== '' && me === ownerId;
  const toast = useToast();
  const [lines, dispatch] = useReducer(linesReducer, []);
  const linesRef = useRef(lines);
  linesRef.current = lines;
  const [bannedNow, setBannedNow] = useState(false);
  const onBannedRef = useRef(onBanned);
  onBannedRef.current = onBanned;

  const bannedOnce = useRef(false);
  const becameBanned = useCallback(
    (announce: boolean) => {
      if (bannedOnce.current) return;
      bannedOnce.current = true;
      if (announce) toast.error('You have been banned');
      setBannedNow(true);
      onBannedRef.current?.();
    },
    [toast],
  );

  const isBanned = banned || bannedNow;
  const sub = useSubscription<ChatEvent>(isBanned ? null : chatChannel(channelId), (e) => {
    switch (e.type) {
      case 'message':
        dispatch({ type: 'message', message: e });
        break;
      case 'messageDeleted': {
        const mine = e.userId === me;
        const had = linesRef.current.some((l) => l.id === e.messageId && !l.removed);
        dispatch({ type: 'deleted', messageId: e.messageId, placeholder: moderator || mine });
        if (mine && had && !moderator) toast.error('Your message was removed');
        break;
      }
      case 'userBanned':
        dispatch({ type: 'banned', userId: e.userId });
        if (e.userId === me && me !== '') becameBanned(true);
        break;
    }
  });
  const connection = useConnectionStatus();

  // The server ends a banned user's subscription (2403), or refuses it (403 ChatBannedException).
  const endedByBan =
    sub?.state === 'unsubscribed' && (sub.code === BANNED_CODE || (sub.code === 403 && sub.reason === 'ChatBannedException'));
  useEffect(() => {
    if (endedByBan) becameBanned(sub?.state === 'unsubscribed' && sub.code === BANNED_CODE);
  }, [endedByBan, sub, becameBanned]);

  let status: RoomStatus;
  if (isBanned || endedByBan) status = 'banned';
  else if (connection === 'failed' || sub?.state === 'failed' || sub?.state === 'unsubscribed') status = 'failed';
  else if (sub?.state === 'subscribed' && connection === 'connected') status = 'connected';
  else status = 'connecting';

  const announced = useRef({ moderating: false, failed: false });
  useEffect(() => {
    if (status === 'connected' && moderator && !announced.current.moderating) {
      announced.current.moderating = true;
      // After a stage or stream ends, its toast says more than this one.
      toast.info('Moderating', { duration: MODERATING_TOAST_MS, unlessShowing: true });
    }
    if (status === 'failed' && !announced.current.failed) {
      announced.current.failed = true;
      toast.error('Error loading chat', { duration: 0 });
    }
  }, [status, moderator, toast]);

  const send = useCallback(
    async (content: string) => {
      const message = await api.chat.send(channelId, content);
      dispatch({ type: 'message', message });
    },
    [channelId],
  );

  const deleteMessage = useCallback(
    async (line: ChatLine) => {
      try {
        await api.chat.deleteMessage(channelId, line.id);
        dispatch({ type: 'deleted', messageId: line.id, placeholder: true });
        toast.success('Message removed');
      } catch {
        toast.error('Failed to delete message');
      }
    },
    [channelId, toast],
  );

  const banUser = useCallback(
    async (userId: string) => {
      try {
        await api.chat.ban(channelId, userId);
        dispatch({ type: 'banned', userId });
        toast.success('User banned from channel');
      } catch {
        toast.error('Failed to ban user');
      }
    },
    [channelId, toast],
  );

  return { lines, status, moderator, me, send, deleteMessage, banUser };
}

// Server state of the stream actions: the channel's active action (kept
// current from the channel's events), the saved forms, and the app config
// that says whether the Amazon product action exists.
import { useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useSubscription } from '../../../app/realtime';
import { api, request } from '../../../lib/api';
import { channelEvents } from '../../../lib/realtime';
import type { ChannelEvent, StreamAction, StreamActionForms } from '../../../lib/types';

export const activeActionKey = ['channel', 'actions', 'active'] as const;
export const savedFormsKey = ['channel', 'actions', 'forms'] as const;
export const appConfigKey = ['config'] as const;

/** The owner's active stream action (null: none). */
export function useActiveAction() {
  return useQuery({ queryKey: activeActionKey, queryFn: api.actions.active, staleTime: Infinity });
}

/** Whether a poll is taking votes (for the leave prompt); re-renders only when that changes. */
export function usePollRunning(): boolean {
  const q = useQuery({
    queryKey: activeActionKey,
    queryFn: api.actions.active,
    staleTime: Infinity,
    select: (a: StreamAction | null) => a?.name === 'poll' && !a.poll?.ended,
  });
  return q.data ?? false;
}

/** Sets the active action; with onlyIf, only while the active one is still that id. */
export function setActive(client: QueryClient, action: StreamAction | null, onlyIf?: string) {
  client.setQueryData<StreamAction | null>(activeActionKey, (cur) =>
    onlyIf !== undefined && cur?.id !== onlyIf ? cur : action,
  );
}

/** Applies one channel event to the active action (pure). */
export function applyChannelEvent(cur: StreamAction | null | undefined, e: ChannelEvent): StreamAction | null | undefined {
  switch (e.type) {
    case 'streamAction':
      return e.action;
    case 'pollVotes':
      // The server's tally: the page never counts.
      return cur && cur.name === 'poll' && cur.id === e.poll.id ? { ...cur, poll: e.poll, expiry: e.poll.endTime } : cur;
    case 'liveStatus':
      // Actions end with the stream (spec 7.4).
      return e.isLive ? cur : null;
    default:
      return cur;
  }
}

/** Keeps the active action current from channel:<channelId>. */
export function useActionEvents(channelId: string) {
  const client = useQueryClient();
  useSubscription<ChannelEvent>(channelEvents(channelId), (e) => {
    if (e.type !== 'streamAction' && e.type !== 'pollVotes' && e.type !== 'liveStatus') return;
    const cur = client.getQueryData<StreamAction | null>(activeActionKey);
    const next = applyChannelEvent(cur, e);
    if (next !== cur) client.setQueryData(activeActionKey, next ?? null);
  });
}

/** The saved forms, by action name ({} until they load or when they cannot). */
export function useSavedForms() {
  return useQuery({ queryKey: savedFormsKey, queryFn: api.actions.forms, staleTime: Infinity });
}

export function rememberForm(client: QueryClient, name: string, data: unknown) {
  client.setQueryData<StreamActionForms>(savedFormsKey, (cur) => ({ ...cur, [name]: data }));
}

/** GET /config: the public settings the web app reads (api.go Config). */
interface AppConfig {
  enableAmazonProductStreamAction?: boolean;
}

/** Whether the server offers the Amazon product action (off when unknown). */
export function useAmazonProductEnabled(): boolean {
  const q = useQuery({
    queryKey: appConfigKey,
    queryFn: () => request<AppConfig>('GET', '/config'),
    staleTime: Infinity,
  });
  return q.data?.enableAmazonProductStreamAction === true;
}

// Data of the health page (spec 9.3): the paged session list, polled every
// 15 s, and the selected session, fetched once when it has ended and every
// 5 s while it is live.
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { api } from '../../lib/api';
import type { StreamSessionSummary } from '../../lib/types';
import { sessionKey } from '../manager/status/queries';

export const SESSIONS_REFRESH_MS = 15_000;
export const LIVE_SESSION_REFRESH_MS = 5_000;

export const sessionPagesKey = ['metrics', 'sessionPages'] as const;

/** Every loaded page of the user's sessions, newest first, as one list. */
export function useSessionList() {
  const query = useInfiniteQuery({
    queryKey: sessionPagesKey,
    queryFn: ({ pageParam }) => api.metrics.sessions(pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextToken ?? undefined,
    refetchInterval: SESSIONS_REFRESH_MS,
    retry: false,
  });
  const sessions: StreamSessionSummary[] = [];
  const seen = new Set<string>();
  for (const page of query.data?.pages ?? []) {
    for (const s of page.streamSessions ?? []) {
      if (!seen.has(s.streamId)) {
        seen.add(s.streamId);
        sessions.push(s);
      }
    }
  }
  return { ...query, sessions };
}

/**
 * One session's detail. A live session refreshes every 5 s (and on focus or
 * reconnect); an ended one never changes, so it is fetched once and kept.
 */
export function useSessionDetail(streamId: string | undefined) {
  return useQuery({
    queryKey: sessionKey(streamId ?? ''),
    queryFn: () => api.metrics.session(streamId!),
    enabled: !!streamId,
    refetchInterval: (q) => (q.state.data?.isLive ? LIVE_SESSION_REFRESH_MS : false),
    refetchOnWindowFocus: (q) => !!q.state.data?.isLive,
    refetchOnReconnect: (q) => !!q.state.data?.isLive,
    staleTime: (q) => (q.state.data && !q.state.data.isLive ? Infinity : 0),
    retry: false,
  });
}

// The latest stream session for the manager's status bar (spec 9.4).
import { useEffect, useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api';
import { channelEvents } from '../../../lib/realtime';
import type { ChannelEvent } from '../../../lib/types';
import { useSubscription } from '../../../app/realtime';
import { lastConcurrentViews } from './format';

/** How often the session list (and a live session's detail) refreshes on /manager. */
export const STATUS_REFRESH_MS = 5000;

export const sessionsKey = ['metrics', 'sessions'] as const;
export const sessionKey = (streamId: string) => ['metrics', 'session', streamId] as const;

export interface LatestSessionStatus {
  /** Whether the latest session is live. */
  isLive: boolean;
  /** ISO start of the latest session, when live. */
  startTime: string | null;
  isHealthy: boolean;
  /** Current viewers while live (realtime first, then the metric), else null. */
  viewers: number | null;
}

/**
 * The newest session, refreshed every 5 s and on liveStatus events; the live
 * viewer count follows viewerCount events and falls back to the session
 * detail's last ConcurrentViews value.
 */
export function useLatestSessionStatus(channelId: string): LatestSessionStatus {
  const client = useQueryClient();
  const sessions = useQuery({
    queryKey: sessionsKey,
    queryFn: () => api.metrics.sessions(),
    refetchInterval: STATUS_REFRESH_MS,
    retry: false,
  });
  const latest = sessions.data?.streamSessions?.[0];
  const live = latest?.isLive ? latest : undefined;

  const detail = useQuery({
    queryKey: sessionKey(live?.streamId ?? ''),
    queryFn: () => api.metrics.session(live!.streamId),
    enabled: !!live,
    refetchInterval: STATUS_REFRESH_MS,
    retry: false,
  });

  // Realtime viewers, tied to the session that was latest when they came.
  const [realtime, setRealtime] = useState<{ streamId: string | undefined; viewers: number } | null>(null);
  const latestId = latest?.streamId;
  useEffect(() => {
    setRealtime((cur) => (cur && cur.streamId !== undefined && cur.streamId !== latestId ? null : cur));
  }, [latestId]);

  useSubscription<ChannelEvent>(channelEvents(channelId), (e) => {
    if (e.type === 'viewerCount') {
      setRealtime({ streamId: latestId, viewers: e.viewers });
    } else if (e.type === 'liveStatus') {
      if (!e.isLive) setRealtime(null);
      void client.invalidateQueries({ queryKey: sessionsKey });
    }
  });

  if (!live) return { isLive: false, startTime: null, isHealthy: latest?.isHealthy ?? false, viewers: null };
  const fromEvent = realtime && (realtime.streamId === undefined || realtime.streamId === live.streamId) ? realtime.viewers : null;
  return {
    isLive: true,
    startTime: live.startTime,
    isHealthy: live.isHealthy,
    viewers: fromEvent ?? lastConcurrentViews(detail.data),
  };
}

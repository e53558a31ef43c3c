// /manager/collab (spec 2.9, 8.2-8.6): resolves the role from the address,
// asks the server for the join, shows "Ready to join?" (everyone but the
// host) and then the session.
import { useEffect, useRef, useState } from 'react';
import { Navigate, useLocation } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { Spinner } from '../../components/Spinner';
import { api, isApiError } from '../../lib/api';
import { useBroadcastMedia } from '../manager/goLive/useBroadcastMedia';
import { STAGE_MESSAGES as M } from './messages';
import { ReadyToJoinModal } from './ReadyToJoinModal';
import { fetchJoin, resolveCollabRoute, routeKey } from './route';
import { StageSession, type StageExit } from './StageSession';
import './stage.css';

/** While "Ready to join?" is open, the stage is checked this often (spec 8.6). */
export const READY_POLL_MS = 5000;

export interface CollabViewProps {
  expandable: boolean;
  /** Leave /manager/collab for /manager, with a toast. */
  onExit: (exit: StageExit) => void;
  /** In the session (the page guards leaving). */
  onInStage: (inStage: boolean) => void;
  leaveRef: { current: (() => Promise<void>) | null };
}

export function CollabView(props: CollabViewProps) {
  const { search } = useLocation();
  const route = resolveCollabRoute(search);
  if (!route) return <Navigate to="/manager" replace />;
  return <CollabFlow key={search} route={route} {...props} />;
}

function CollabFlow({
  route,
  expandable,
  onExit,
  onInStage,
  leaveRef,
}: CollabViewProps & { route: NonNullable<ReturnType<typeof resolveCollabRoute>> }) {
  const media = useBroadcastMedia();
  const join = useQuery({
    queryKey: routeKey(route),
    queryFn: () => fetchJoin(route),
    retry: false,
    staleTime: Infinity,
    gcTime: 0,
  });
  const [joined, setJoined] = useState(false);
  const exitRef = useRef(onExit);
  exitRef.current = onExit;

  const data = join.data;
  const inSession = !!data && (data.participantRole === 'host' || joined);

  useEffect(() => {
    if (!join.error) return;
    exitRef.current({ toast: { type: 'error', message: route.kind === 'host' ? M.unableToCreate : M.unableToJoin } });
  }, [join.error, route.kind]);

  useEffect(() => {
    onInStage(inSession);
  }, [inSession, onInStage]);
  useEffect(() => () => onInStage(false), [onInStage]);

  // "Ready to join?" aborts when the stage is gone.
  const check = useQuery({
    queryKey: ['stages', 'stage', data?.stageId ?? ''],
    queryFn: () => api.stages.get(data?.stageId ?? ''),
    enabled: !!data && !inSession,
    refetchInterval: READY_POLL_MS,
    gcTime: 0,
  });
  useEffect(() => {
    if (!inSession && check.error && isApiError(check.error) && check.error.status === 404) {
      exitRef.current({ toast: { type: 'error', message: M.sessionEnded } });
    }
  }, [inSession, check.error]);

  if (!data) {
    return (
      <section className="stage-card" aria-label="Session">
        <div className="stage-card__loading">
          <Spinner size={36} label={route.kind === 'host' ? 'Creating session' : 'Loading session'} />
        </div>
      </section>
    );
  }
  if (!inSession) {
    return (
      <section className="stage-card" aria-label="Session">
        <ReadyToJoinModal open media={media} onJoin={() => setJoined(true)} onCancel={() => exitRef.current({})} />
      </section>
    );
  }
  return <StageSession join={data} media={media} expandable={expandable} onExit={onExit} leaveRef={leaveRef} />;
}

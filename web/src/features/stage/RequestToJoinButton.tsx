// The round "Request to join" button next to the chat composer (spec 8.4).
import { useEffect, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { useSubscription } from '../../app/realtime';
import { Spinner } from '../../components/Spinner';
import { useToast } from '../../components/Toast';
import { PlusIcon } from '../../components/icons';
import { api } from '../../lib/api';
import { inboxChannel } from '../../lib/realtime';
import type { InboxEvent } from '../../lib/types';
import { STAGE_MESSAGES as M } from './messages';
import { requestedPath } from './route';

/** After the host accepts, the page waits this long before joining (spec 8.4). */
export const JOIN_DELAY_MS = 1500;

export type RequestState = 'idle' | 'sending' | 'requested' | 'joining';

export function RequestToJoinButton({ userId, stageId, full }: { userId: string; stageId: string; full: boolean }) {
  const toast = useToast();
  const navigate = useNavigate();
  const [state, setState] = useState<RequestState>('idle');
  const stateRef = useRef(state);
  stateRef.current = state;

  useSubscription<InboxEvent>(inboxChannel(userId), (e) => {
    if (!('stageId' in e) || e.stageId !== stageId) return;
    if (e.type === 'STAGE_HOST_ACCEPT_REQUEST_TO_JOIN' && stateRef.current === 'requested') {
      setState('joining');
      toast.neutral(M.joining);
    } else if (e.type === 'STAGE_HOST_DELETE_REQUEST_TO_JOIN' && stateRef.current !== 'joining') {
      setState('idle');
    }
  });

  useEffect(() => {
    if (state !== 'joining') return;
    const t = window.setTimeout(() => navigate(requestedPath(stageId)), JOIN_DELAY_MS);
    return () => window.clearTimeout(t);
  }, [state, stageId, navigate]);

  // A pending request is withdrawn when the page goes (closed tab: a beacon).
  useEffect(() => {
    const onHide = () => stateRef.current === 'requested' && api.beacon.revokeStageRequest(stageId);
    window.addEventListener('pagehide', onHide);
    return () => {
      window.removeEventListener('pagehide', onHide);
      if (stateRef.current === 'requested') void api.stages.revokeRequest(stageId).catch(() => {});
    };
  }, [stageId]);

  const onClick = async () => {
    if (state === 'requested') {
      setState('idle');
      await api.stages.revokeRequest(stageId).catch(() => {});
      return;
    }
    if (state !== 'idle') return;
    setState('sending');
    try {
      await api.stages.requestToJoin(stageId);
      setState('requested');
      toast.success(M.requestSent);
    } catch {
      setState('idle');
      toast.error(M.requestFailed);
    }
  };

  const requested = state === 'requested';
  const label = requested ? M.cancelRequest : M.requestToJoin;
  const disabled = state === 'sending' || state === 'joining' || (full && state === 'idle');
  return (
    <span className="tooltip-host stage-request">
      <button
        type="button"
        className={`stage-request__button${requested ? ' stage-request__button--active' : ''}`}
        aria-label={label}
        aria-pressed={requested}
        aria-disabled={disabled || undefined}
        aria-busy={state === 'joining' || state === 'sending' || undefined}
        onClick={() => !disabled && void onClick()}
      >
        {state === 'joining' || state === 'sending' ? <Spinner size={18} /> : <PlusIcon size={18} />}
      </button>
      <span className="tooltip" role="tooltip">
        {label}
      </span>
    </span>
  );
}

import { useEffect, useId, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { Button } from '../../components/Button';
import { Modal } from '../../components/Modal';
import { Spinner } from '../../components/Spinner';
import { ActivityIcon, AlertIcon, BroadcastIcon } from '../../components/icons';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import type { StreamSession, StreamSessionSummary } from '../../lib/types';
import { useUser } from '../../app/session';
import { StatusBarView } from '../manager/status/StatusBar';
import { NO_TIME, lastConcurrentViews } from '../manager/status/format';
import { useOwnChannel } from '../settings/queries';
import { MetricCharts } from './charts/MetricCharts';
import { EncoderConfiguration } from './encoder/EncoderConfiguration';
import { EventsPanel } from './events/EventsPanel';
import { SessionNavigator } from './navigator/SessionNavigator';
import { useSessionDetail, useSessionList } from './queries';
import './HealthPage.css';

/**
 * /health and /health/:streamId (spec 9.3): the session navigator, the
 * session's status bar, metric charts, events and encoder configuration.
 * /health lands on the newest session; each session is its own history
 * entry, so back and forward switch sessions.
 */
export function HealthPage() {
  useDocumentTitle('Stream health');
  const { streamId } = useParams();
  const navigate = useNavigate();
  const list = useSessionList();
  const newest = list.sessions[0]?.streamId;

  useEffect(() => {
    if (!streamId && newest) navigate(`/health/${newest}`, { replace: true });
  }, [streamId, newest, navigate]);

  const detail = useSessionDetail(streamId);
  const monitored = useMonitoredSession(streamId, detail.data);
  // The session's own answer is fresher than the list (polled less often).
  const selected: StreamSessionSummary | undefined =
    monitored.shown ?? list.sessions.find((s) => s.streamId === streamId);
  const { refetch: refetchList } = list;
  useEffect(() => {
    if (monitored.ended) void refetchList();
  }, [monitored.ended, refetchList]);

  let body;
  if (list.isPending) {
    body = <Spinner size={32} label="Loading stream sessions" className="health__spinner" />;
  } else if (list.isError && list.sessions.length === 0) {
    body = <LoadFailure title="Failed to load stream sessions" onRetry={() => void list.refetch()} />;
  } else if (!streamId) {
    body = list.sessions.length === 0 ? <NoSessionsNotice /> : <Spinner size={32} label="Loading" className="health__spinner" />;
  } else if (detail.isError) {
    body = <LoadFailure title="Failed to load session data" onRetry={() => void detail.refetch()} />;
  } else {
    body = <SessionView session={monitored.shown} status={detail.isPending || !monitored.shown ? 'loading' : 'ready'} />;
  }

  return (
    <div className="page health">
      <header className="health__header">
        <h1 className="health__title">Stream health</h1>
        <SessionNavigator
          sessions={list.sessions}
          selected={selected}
          onSelect={(id) => navigate(`/health/${id}`)}
          hasMore={!!list.hasNextPage}
          loadingMore={list.isFetchingNextPage}
          onLoadMore={() => void list.fetchNextPage()}
          onOpen={() => void list.refetch()}
        />
      </header>
      {body}
      <LiveEndedModal open={monitored.ended} onReload={monitored.reload} onCancel={monitored.dismiss} />
    </div>
  );
}

/**
 * The session on show. When a live session being watched ends, the last
 * live view stays on screen and `ended` asks whether to reload the summary.
 */
function useMonitoredSession(streamId: string | undefined, latest: StreamSession | undefined) {
  const [shown, setShown] = useState<StreamSession | undefined>(undefined);
  const [ended, setEnded] = useState(false);
  const [stale, setStale] = useState(false);

  useEffect(() => {
    setShown(undefined);
    setEnded(false);
    setStale(false);
  }, [streamId]);

  useEffect(() => {
    if (!latest || latest.streamId !== streamId || stale) return;
    if (shown?.streamId === latest.streamId && shown.isLive && !latest.isLive) {
      setEnded(true);
      setStale(true);
      return;
    }
    setShown(latest);
    // `shown` is only compared with the newest answer, so it is not a trigger.
  }, [latest, streamId, stale]);

  return {
    shown: shown?.streamId === streamId ? shown : undefined,
    ended,
    reload: () => {
      setEnded(false);
      setStale(false);
      setShown(latest);
    },
    dismiss: () => setEnded(false),
  };
}

function SessionView({ session, status }: { session: StreamSession | undefined; status: 'loading' | 'ready' }) {
  const channel = useOwnChannel();
  const channelType = channel.data?.channelConfiguration.type ?? 'BASIC';
  return (
    <>
      <HealthStatusBar session={session} />
      <div className="health__main">
        <div className="health__charts">
          <MetricCharts session={session} status={status} />
        </div>
        <EventsPanel session={session} status={status} channelType={channelType} />
      </div>
      <EncoderConfiguration session={session} channelType={channelType} />
    </>
  );
}

/** The session's status: a link to the channel, its timer or "Offline", and its views. */
function HealthStatusBar({ session }: { session: StreamSession | undefined }) {
  const user = useUser();
  const live = !!session?.isLive;
  let viewers: number | null = null;
  if (live) {
    viewers = lastConcurrentViews(session);
  } else {
    const average = session?.metrics?.find((m) => m.label === 'ConcurrentViews')?.average;
    viewers = typeof average === 'number' && Number.isFinite(average) ? Math.round(average) : null;
  }
  return (
    <StatusBarView
      isLive={live}
      leading={
        <button
          type="button"
          className="status-bar__item health__channel-link"
          aria-label="View your channel"
          title="View your channel"
          onClick={() => window.open(`/${encodeURIComponent(user.username)}`, '_blank', 'noopener')}
        >
          <BroadcastIcon size={18} />
        </button>
      }
      startTime={live ? session!.startTime : null}
      offlineText={session ? 'Offline' : NO_TIME}
      viewers={session ? viewers : null}
      viewsTooltip={live ? 'Concurrent views' : 'Average concurrent views for the entire session'}
    />
  );
}

/** The new user's notice: there is nothing to monitor before a first stream (spec 2.8). */
function NoSessionsNotice() {
  const navigate = useNavigate();
  return (
    <div className="health__notice">
      <span className="health__notice-icon">
        <ActivityIcon size={28} />
      </span>
      <p>To monitor stream health you must first start a live stream. </p>
      <Button variant="secondary" onClick={() => navigate('/settings')}>
        Settings
      </Button>
    </div>
  );
}

function LoadFailure({ title, onRetry }: { title: string; onRetry: () => void }) {
  return (
    <div className="health__notice" role="alert">
      <span className="health__notice-icon health__notice-icon--error">
        <AlertIcon size={28} />
      </span>
      <p>{title}</p>
      <Button variant="secondary" onClick={onRetry}>
        Try again
      </Button>
    </div>
  );
}

function LiveEndedModal({ open, onReload, onCancel }: { open: boolean; onReload: () => void; onCancel: () => void }) {
  const id = useId();
  return (
    <Modal open={open} onClose={onCancel} labelledBy={`${id}-title`} describedBy={`${id}-text`} role="alertdialog">
      <div className="confirm">
        <h3 id={`${id}-title`} className="confirm__message">
          Live stream ended
        </h3>
        <p id={`${id}-text`} className="confirm__sub">
          The live stream you were monitoring has ended. Reload the page to view the stream summary.
        </p>
        <div className="confirm__actions">
          <Button variant="secondary" onClick={onCancel}>
            Cancel
          </Button>
          <Button onClick={onReload} data-autofocus>
            Reload
          </Button>
        </div>
      </div>
    </Modal>
  );
}

import { useCallback, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { Navigate, useNavigate } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { useUser } from '../../app/session';
import { useToast } from '../../components/Toast';
import type { OwnChannel } from '../../lib/types';
import { ownChannelKey, useOwnChannel } from '../settings/queries';
import { CollabView } from '../stage/CollabView';
import { STAGE_MESSAGES } from '../stage/messages';
import type { StageExit } from '../stage/StageSession';
import { useLeaveGuard } from '../../app/useLeaveGuard';
import { ConfirmModal } from '../../components/Modal';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import { Chat } from '../chat/Chat';
import { useMediaQuery } from '../../lib/useMediaQuery';
import { usePollRunning } from './actions/queries';
import { StreamActions } from './actions/StreamActions';
import { GoLiveCard } from './goLive/GoLiveCard';
import { StatusBar } from './status/StatusBar';
import './ManagerPage.css';

/** Two columns from 990 px (spec 2.9); below, two tabs. */
const columnsQuery = '(min-width: 990px)';
/** Below the xs breakpoint (331 px) the first tab reads "Manage". */
const roomyQuery = '(min-width: 331px)';

type Tab = 'manage' | 'golive';

/** Leave prompts (spec 2.9). Votes are the server's to count, so a poll only loses its streamer's eye. */
export const LEAVE_BROADCAST = 'Are you sure you want to leave this page? This will end your live stream.';
export const LEAVE_POLL = 'Are you sure you want to leave this page? The poll keeps running and counting votes while you are away.';
export const LEAVE_STAGE = STAGE_MESSAGES.leavePage;

/**
 * /manager (spec 2.9): the latest session's status bar (spec 9.4) on top,
 * the "Go live" card and the stream actions in the left
 * column and the chat column on the right; below 990 px, "Manage stream"
 * (stream actions, then chat) and "Go live" tabs. The same tree renders in
 * both layouts, so resizing never restarts the camera or a broadcast. The
 * chat is the owner's own room, moderated. Leaving asks first while
 * broadcasting or while a poll runs (one router blocker for the page).
 */
export function ManagerPage({ collab = false }: { collab?: boolean }) {
  useDocumentTitle('Stream manager');
  const columns = useMediaQuery(columnsQuery);
  const roomy = useMediaQuery(roomyQuery);
  const [tab, setTab] = useState<Tab>('golive');
  const user = useUser();
  const tabs = useRef<Record<Tab, HTMLButtonElement | null>>({ manage: null, golive: null });
  const [broadcasting, setBroadcasting] = useState(false);
  const pollRunning = usePollRunning();
  const navigate = useNavigate();
  const toast = useToast();
  const client = useQueryClient();
  const own = useOwnChannel();
  // Collaborate (spec 8): in a session, and how it ended once it did.
  const [inStage, setInStage] = useState(false);
  const [exit, setExit] = useState<StageExit | null>(null);
  const stageLeave = useRef<(() => Promise<void>) | null>(null);
  const leave = useLeaveGuard(!exit && (inStage || (!collab && (broadcasting || pollRunning))));
  const leaving = leave.state === 'blocked';

  // Declared after the guard: it is off by the time this navigates.
  useEffect(() => {
    if (!exit) return;
    if (exit.toast) toast.show(exit.toast.type, exit.toast.message);
    // The stage may be over: /manager must not send the host straight back.
    client.setQueryData<OwnChannel>(ownChannelKey, (old) => (old ? { ...old, stageId: null } : old));
    navigate('/manager', { replace: true });
  }, [exit, navigate, toast, client]);
  const onExit = useCallback((e: StageExit) => setExit(e), []);

  // The host's stage still exists (closed tab, reload): rejoin it (spec 2.9, 8.3).
  if (!collab && own.isFetchedAfterMount && own.data?.stageId) return <Navigate to="/manager/collab" replace />;

  const onTabKey = (e: KeyboardEvent) => {
    if (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight' && e.key !== 'Home' && e.key !== 'End') return;
    e.preventDefault();
    const next: Tab = e.key === 'Home' ? 'manage' : e.key === 'End' ? 'golive' : tab === 'manage' ? 'golive' : 'manage';
    setTab(next);
    tabs.current[next]?.focus();
  };
  const panel = (t: Tab) =>
    columns
      ? {}
      : { role: 'tabpanel', id: `manager-panel-${t}`, 'aria-labelledby': `manager-tab-${t}`, hidden: tab !== t };

  return (
    <div className={`manager${columns ? ' manager--columns' : ' manager--tabs'}`}>
      <h1 className="sr-only">Stream manager</h1>
      <StatusBar channelId={user.channelId} />
      {!columns && (
        <div className="manager__tabs" role="tablist" aria-label="Stream manager" onKeyDown={onTabKey}>
          {(['manage', 'golive'] as const).map((t) => (
            <button
              key={t}
              ref={(el) => {
                tabs.current[t] = el;
              }}
              type="button"
              role="tab"
              id={`manager-tab-${t}`}
              className="manager__tab"
              aria-selected={tab === t}
              aria-controls={`manager-panel-${t}`}
              tabIndex={tab === t ? 0 : -1}
              onClick={() => setTab(t)}
            >
              {t === 'golive' ? 'Go live' : roomy ? 'Manage stream' : 'Manage'}
            </button>
          ))}
        </div>
      )}
      <div className="manager__layout">
        <div className="manager__golive" {...panel('golive')}>
          {collab ? (
            <CollabView expandable={columns} onExit={onExit} onInStage={setInStage} leaveRef={stageLeave} />
          ) : (
            <GoLiveCard expandable={columns} onBroadcastingChange={setBroadcasting} leavePromptOpen={leaving} />
          )}
        </div>
        <div className="manager__manage" {...panel('manage')}>
          <div className="manager__actions">
            <StreamActions stageActive={inStage} />
          </div>
          <section className="manager__chat" aria-labelledby="manager-chat-title">
            <header className="manager__chat-header">
              <h2 id="manager-chat-title">Chat</h2>
            </header>
            <div className="manager__chat-body">
              <Chat channelId={user.channelId} ownerId={user.id} banned={false} />
            </div>
          </section>
        </div>
      </div>
      {/* Confirming lets the navigation go; unmounting the page ends the broadcast (useBroadcast). */}
      <ConfirmModal
        open={leaving}
        message={inStage ? LEAVE_STAGE : broadcasting ? LEAVE_BROADCAST : LEAVE_POLL}
        confirmLabel="Leave page"
        destructive={broadcasting || inStage}
        onCancel={() => leave.reset?.()}
        onConfirm={async () => {
          // The host leaving ends the stage (spec 2.9).
          if (inStage) await stageLeave.current?.();
          leave.proceed?.();
        }}
      />
    </div>
  );
}

// The in-session view of /manager/collab (spec 8.7): the video grid, the
// controls, the host's participants modal with requests, and every way a
// session ends (left, ended, removed, room deleted, host gone).
import { useEffect, useId, useReducer, useRef, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useSubscription } from '../../app/realtime';
import { useUser } from '../../app/session';
import { Avatar } from '../../components/Avatar';
import { Button } from '../../components/Button';
import { ConfirmModal, Modal } from '../../components/Modal';
import { Spinner } from '../../components/Spinner';
import { useToast, type ToastType } from '../../components/Toast';
import {
  CheckIcon,
  CollapseIcon,
  CopyIcon,
  ExpandIcon,
  MicIcon,
  MicOffIcon,
  MoreIcon,
  ScreenShareIcon,
  ScreenShareOffIcon,
  SettingsIcon,
  TrashIcon,
  VideoIcon,
  VideoOffIcon,
} from '../../components/icons';
import { api, isApiError } from '../../lib/api';
import { copyText } from '../../lib/clipboard';
import { inboxChannel } from '../../lib/realtime';
import type { InboxEvent, StageJoin } from '../../lib/types';
import { formatElapsed } from '../manager/status/format';
import { DeviceSettingsModal } from '../manager/goLive/DeviceSettingsModal';
import type { BroadcastMedia } from '../manager/goLive/useBroadcastMedia';
import { requestAge, sessionLink } from './format';
import { announceJoin, isHostIdentity, screenOf, splitMembers, type StageMember } from './members';
import {
  MAX_PARTICIPANTS,
  STAGE_MESSAGES as M,
  joinedMessage,
  participantsTitle,
  removeConfirm,
} from './messages';
import { requestsReducer } from './requests';
import { StageGrid } from './StageGrid';
import { useScreenShare } from './useScreenShare';
import { useStageRoom } from './useStageRoom';
import type { StageRoomEvent } from './room';
import { ControlButton } from '../manager/goLive/ControlButton';

/** How the page leaves a session: where the toast says why. */
export interface StageExit {
  toast?: { type: ToastType; message: string };
}

/** While the host is away, participants check that the stage still exists this often (spec 8.3). */
export const HOST_GONE_POLL_MS = 15_000;

export interface StageSessionProps {
  join: StageJoin;
  media: BroadcastMedia;
  expandable: boolean;
  onExit: (exit: StageExit) => void;
  /** Receives what leaving the page must do (the host ends the stage). */
  leaveRef: { current: (() => Promise<void>) | null };
}

/** The current time, ticking every `ms`. */
function useNow(ms: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(id);
  }, [ms]);
  return now;
}

export function StageSession({ join, media, expandable, onExit, leaveRef }: StageSessionProps) {
  const toast = useToast();
  const user = useUser();
  const role = join.participantRole;
  const isHost = role === 'host';
  const canPublish = role !== 'spectator';
  const canShare = role === 'host' || role === 'invited';
  const titleId = useId();
  const exited = useRef(false);
  const exit = (e: StageExit) => {
    if (exited.current) return;
    exited.current = true;
    onExit(e);
  };
  const exitRef = useRef(exit);
  exitRef.current = exit;

  const [requests, dispatch] = useReducer(requestsReducer, []);
  const [hostGone, setHostGone] = useState(false);
  const ending = useRef(false);
  const share = useScreenShare(join.stageId);

  const onRoomEvent = (e: StageRoomEvent) => {
    if (e.type === 'joined') {
      if (e.member.userId) dispatch({ type: 'remove', userId: e.member.userId });
      if (isHostIdentity(e.member.id)) setHostGone(false);
      if (announceJoin(stage.joinedAt, Date.now(), e.member)) {
        toast.info(joinedMessage(e.member.username, e.member.group === 'display'));
      }
    } else if (e.type === 'left') {
      if (!isHost && isHostIdentity(e.member.id)) setHostGone(true);
    } else if (e.type === 'disconnected') {
      // The host's own "End session" deletes the room: not news to them.
      if (ending.current) return;
      if (e.reason === 'removed') exit({ toast: { type: 'error', message: M.removed } });
      else if (e.reason === 'roomDeleted') exit({ toast: { type: 'error', message: M.sessionEnded } });
      else if (e.reason === 'other') {
        void api.stages.get(join.stageId).then(
          () => exitRef.current({ toast: { type: 'error', message: M.unableToJoin } }),
          () => exitRef.current({ toast: { type: 'error', message: M.sessionEnded } }),
        );
      }
    }
  };
  const stage = useStageRoom({ url: join.url, token: join.user.token }, { autoSubscribe: true }, onRoomEvent);
  const { room, members } = stage;

  useEffect(() => {
    if (stage.status === 'failed') exitRef.current({ toast: { type: 'error', message: M.unableToJoin } });
  }, [stage.status]);

  // Publish the camera and mic (and follow device changes, mute and hide).
  useEffect(() => {
    if (room && canPublish) void room.setTrack('camera', media.camera).catch(() => {});
  }, [room, canPublish, media.camera]);
  useEffect(() => {
    if (room && canPublish) void room.setTrack('mic', media.mic).catch(() => {});
  }, [room, canPublish, media.mic]);
  useEffect(() => {
    if (room && canPublish) void room.setMuted('camera', media.cameraHidden).catch(() => {});
  }, [room, canPublish, media.cameraHidden, media.camera]);
  useEffect(() => {
    if (room && canPublish) void room.setMuted('mic', media.micMuted).catch(() => {});
  }, [room, canPublish, media.micMuted, media.mic]);

  // The host's pending requests: loaded on entering, then kept from the inbox.
  const pending = useQuery({ queryKey: ['stages', 'requests', join.stageId], queryFn: api.stages.requests, enabled: isHost, gcTime: 0 });
  useEffect(() => {
    if (pending.data) dispatch({ type: 'loaded', requests: pending.data });
  }, [pending.data]);

  useSubscription<InboxEvent>(inboxChannel(user.id), (e) => {
    if (!('stageId' in e) || e.stageId !== join.stageId) return;
    if (e.type === 'STAGE_REQUEST_TO_JOIN' || e.type === 'STAGE_REVOKE_REQUEST_TO_JOIN') {
      dispatch({ type: 'event', event: e, stageId: join.stageId });
    } else if (e.type === 'STAGE_PARTICIPANT_KICKED') {
      exit({ toast: { type: 'error', message: M.removed } });
    } else if (e.type === 'HOST_REMOVES_PARTICIPANT_SCREEN_SHARE') {
      share.stop();
      toast.error(M.screenShareRemoved);
    }
  });

  // Host away: check the stage until it comes back or is gone (spec 8.3).
  const stageCheck = useQuery({
    queryKey: ['stages', 'stage', join.stageId],
    queryFn: () => api.stages.get(join.stageId),
    enabled: hostGone,
    refetchInterval: HOST_GONE_POLL_MS,
    gcTime: 0,
  });
  useEffect(() => {
    if (hostGone && stageCheck.error && isApiError(stageCheck.error) && stageCheck.error.status === 404) {
      exitRef.current({ toast: { type: 'error', message: M.sessionEnded } });
    }
  }, [hostGone, stageCheck.error]);

  // The host's tab closing starts the host-gone timer now (spec 8.3).
  useEffect(() => {
    if (!isHost) return;
    const onHide = () => void api.beacon.hostDisconnected(join.stageId);
    window.addEventListener('pagehide', onHide);
    return () => window.removeEventListener('pagehide', onHide);
  }, [isHost, join.stageId]);

  // Leaving the page: the host ends the stage; others just disconnect (on unmount).
  useEffect(() => {
    leaveRef.current = async () => {
      exited.current = true;
      if (isHost) await api.stages.end().catch(() => {});
    };
    return () => {
      leaveRef.current = null;
    };
  }, [isHost, leaveRef]);

  const [expanded, setExpanded] = useState(expandable);
  useEffect(() => {
    if (!expandable) setExpanded(false);
  }, [expandable]);
  const [settingsOpen, setSettingsOpen] = useState(false);
  const [participantsOpen, setParticipantsOpen] = useState(false);
  const [menuOpen, setMenuOpen] = useState(false);
  const [confirmLeave, setConfirmLeave] = useState(false);
  const [removeTarget, setRemoveTarget] = useState<StageMember | null>(null);

  const copyLink = async () => {
    setMenuOpen(false);
    if (join.inviteCode && (await copyText(sessionLink(join.stageId, join.inviteCode)))) toast.success(M.linkCopied);
    else toast.error(M.unableToCopy);
  };

  const leave = async () => {
    if (isHost) {
      ending.current = true;
      try {
        await api.stages.end();
      } catch {
        ending.current = false;
        toast.error(M.unableToLeave);
        return;
      }
    }
    share.stop();
    exit({ toast: { type: 'success', message: M.left } });
  };

  const remove = async (m: StageMember) => {
    try {
      if (m.group === 'display') {
        if (m.id === share.participantId) share.stop();
        else await api.stages.removeScreenShare(m.id);
      } else {
        await api.stages.disconnectParticipant(m.id, screenOf(members, m)?.id);
      }
    } catch {
      toast.error(M.removeFailed);
    }
  };

  const toggleShare = async () => {
    if (share.sharing) return share.stop();
    const err = await share.start();
    if (err) toast.error(err);
  };

  const connected = stage.status === 'connected';
  const invite = isHost ? (
    <button type="button" className="stage-invite" onClick={() => void copyLink()}>
      <span className="stage-invite__plus" aria-hidden="true">
        +
      </span>
      {M.invite}
    </button>
  ) : undefined;

  return (
    <section className={`stage-card${expanded ? ' stage-card--expanded' : ''}`} aria-labelledby={titleId}>
      <header className="stage-card__header">
        <h2 id={titleId}>Session</h2>
        {isHost && <HostStatus since={join.stageCreationDate} count={members.length} />}
        {expandable && (
          <button
            type="button"
            className="golive__icon-button"
            aria-label={expanded ? 'Collapse full screen' : 'Expand full screen'}
            onClick={() => setExpanded((x) => !x)}
          >
            {expanded ? <CollapseIcon size={18} /> : <ExpandIcon size={18} />}
          </button>
        )}
      </header>
      <div className="stage-card__body">
        {connected ? (
          <StageGrid members={members} placeholder={invite} testId="stage-session-grid" />
        ) : (
          <div className="stage-card__loading">
            <Spinner size={36} label="Joining session" />
          </div>
        )}
      </div>
      <div className="stage-card__controls" role="toolbar" aria-label="Session controls">
        {canPublish && (
          <>
            <ControlButton label={media.micMuted ? 'Unmute' : 'Mute'} pressed={media.micMuted} onClick={media.toggleMic} disabled={!media.mic}>
              {media.micMuted ? <MicOffIcon size={20} /> : <MicIcon size={20} />}
            </ControlButton>
            <ControlButton
              label={media.cameraHidden ? 'Show camera' : 'Hide camera'}
              pressed={media.cameraHidden}
              onClick={media.toggleCamera}
              disabled={!media.camera}
            >
              {media.cameraHidden ? <VideoOffIcon size={20} /> : <VideoIcon size={20} />}
            </ControlButton>
            {canShare && (
              <ControlButton
                label={share.sharing ? 'Stop sharing' : 'Share your screen'}
                pressed={share.sharing}
                disabled={!connected || share.busy}
                onClick={() => void toggleShare()}
              >
                {share.sharing ? <ScreenShareOffIcon size={20} /> : <ScreenShareIcon size={20} />}
              </ControlButton>
            )}
            <ControlButton label="Open settings" onClick={() => setSettingsOpen(true)} disabled={media.status !== 'ready'}>
              <SettingsIcon size={20} />
            </ControlButton>
          </>
        )}
        {isHost && (
          <ControlButton label="Participants" onClick={() => setParticipantsOpen(true)}>
            <span className="stage-card__count" aria-hidden="true">
              {members.length}
            </span>
            {requests.length > 0 && <span className="stage-card__badge">{requests.length}</span>}
          </ControlButton>
        )}
        <span className="stage-menu">
          <ControlButton label="More options" expanded={menuOpen} onClick={() => setMenuOpen((o) => !o)}>
            <MoreIcon size={20} />
          </ControlButton>
          {menuOpen && (
            <div className="stage-menu__popup" role="menu" aria-label="More options">
              <button type="button" role="menuitem" disabled={role === 'spectator'} onClick={() => void copyLink()}>
                <CopyIcon size={16} />
                {isHost ? 'Copy session link' : 'Copy link'}
              </button>
            </div>
          )}
        </span>
        <Button variant="destructive" onClick={() => setConfirmLeave(true)}>
          {isHost ? 'End session' : 'Leave session'}
        </Button>
      </div>

      <DeviceSettingsModal open={settingsOpen} onClose={() => setSettingsOpen(false)} media={media} />
      <ParticipantsModal
        open={participantsOpen}
        onClose={() => setParticipantsOpen(false)}
        members={members}
        requests={requests}
        onRemove={(m) => setRemoveTarget(m)}
        onAccept={async (userId) => {
          try {
            await api.stages.acceptRequest(userId);
            dispatch({ type: 'remove', userId });
          } catch (err) {
            toast.error(isApiError(err) ? err.message : M.unableToJoin);
          }
        }}
        onDelete={async (userId) => {
          try {
            await api.stages.deleteRequest(userId);
          } catch {
            // Gone already: drop it anyway.
          }
          dispatch({ type: 'remove', userId });
        }}
      />
      <ConfirmModal
        open={confirmLeave}
        message={isHost ? M.endConfirm : M.leaveConfirm}
        confirmLabel="Leave"
        destructive
        onCancel={() => setConfirmLeave(false)}
        onConfirm={async () => {
          await leave();
          setConfirmLeave(false);
        }}
      />
      <ConfirmModal
        open={removeTarget !== null}
        message={removeTarget ? removeConfirm(removeTarget.username, removeTarget.group === 'display') : ''}
        confirmLabel="Remove participant"
        destructive
        onCancel={() => setRemoveTarget(null)}
        onConfirm={async () => {
          if (removeTarget) await remove(removeTarget);
          setRemoveTarget(null);
        }}
      />
    </section>
  );
}

/** Elapsed time of the stage and its participant count (spec 8.7). */
function HostStatus({ since, count }: { since: number; count: number }) {
  const now = useNow(1000);
  const tipId = useId();
  return (
    <div className="stage-status">
      <span className="stage-status__timer" role="timer" aria-live="off" aria-label="Session time">
        {formatElapsed(now - since)}
      </span>
      <span className="stage-status__count tooltip-host" tabIndex={0} aria-describedby={tipId}>
        <span className="sr-only">Participants: </span>
        {count}
        <span id={tipId} role="tooltip" className="tooltip">
          {M.sessionParticipants}
        </span>
      </span>
    </div>
  );
}

function ParticipantsModal({
  open,
  onClose,
  members,
  requests,
  onRemove,
  onAccept,
  onDelete,
}: {
  open: boolean;
  onClose: () => void;
  members: StageMember[];
  requests: ReturnType<typeof requestsReducer>;
  onRemove: (m: StageMember) => void;
  onAccept: (userId: string) => Promise<void>;
  onDelete: (userId: string) => Promise<void>;
}) {
  const id = useId();
  const now = useNow(60_000);
  const { cameras, screens } = splitMembers(members);
  const rows = cameras.flatMap((c) => {
    const s = screenOf(members, c);
    return s ? [c, s] : [c];
  });
  for (const s of screens) if (!rows.includes(s)) rows.push(s);
  return (
    <Modal open={open} onClose={onClose} labelledBy={`${id}-title`}>
      <div className="stage-participants">
        <h2 id={`${id}-title`}>{participantsTitle(members.length, MAX_PARTICIPANTS)}</h2>
        <ul className="stage-participants__list" aria-label="Participants">
          {rows.map((m) => {
            const screen = m.group === 'display';
            const name = screen ? `${m.username} (Screen share)` : m.username;
            return (
              <li key={m.id} className="stage-participants__row" aria-label={name}>
                <Avatar username={m.username} color={m.color} avatar={m.avatar} imageUrl={m.avatarUrl} size={32} />
                <span className="stage-participants__name">
                  {name}
                  {m.isLocal && <span className="stage-participants__you"> (You)</span>}
                </span>
                {!screen && (
                  <span className="stage-participants__icons">
                    {m.micMuted ? <MicOffIcon size={16} aria-label="Microphone off" role="img" aria-hidden={false} /> : <MicIcon size={16} aria-label="Microphone on" role="img" aria-hidden={false} />}
                    {m.cameraOff ? <VideoOffIcon size={16} aria-label="Camera off" role="img" aria-hidden={false} /> : <VideoIcon size={16} aria-label="Camera on" role="img" aria-hidden={false} />}
                    {screenOf(members, m) && <ScreenShareIcon size={16} aria-label="Sharing screen" role="img" aria-hidden={false} />}
                  </span>
                )}
                {!m.isLocal && (
                  <Button variant="secondary" size="s" onClick={() => onRemove(m)}>
                    Remove
                  </Button>
                )}
              </li>
            );
          })}
        </ul>
        <h3 className="stage-participants__subtitle">Requests</h3>
        {requests.length === 0 ? (
          <p className="stage-participants__empty">No requests</p>
        ) : (
          <ul className="stage-participants__list" aria-label="Requests">
            {requests.map((r) => (
              <li key={r.userId} className="stage-participants__row" aria-label={r.username}>
                <Avatar username={r.username} color={r.profileColor} avatar={r.avatar} imageUrl={r.avatarUrl} size={32} />
                <span className="stage-participants__name">{r.username}</span>
                <span className="stage-participants__age">{requestAge(r.sent, now)}</span>
                <button type="button" className="golive__icon-button" aria-label="Confirm" title="Confirm" onClick={() => void onAccept(r.userId)}>
                  <CheckIcon size={18} />
                </button>
                <button type="button" className="golive__icon-button" aria-label="Delete" title="Delete" onClick={() => void onDelete(r.userId)}>
                  <TrashIcon size={18} />
                </button>
              </li>
            ))}
          </ul>
        )}
        <div className="stage-participants__actions">
          <Button onClick={onClose}>Done</Button>
        </div>
      </div>
    </Modal>
  );
}

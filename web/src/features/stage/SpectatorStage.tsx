// A live stage on the channel page (spec 8.8): subscribe-only join, the
// participants' grid instead of the HLS player, audio muted until "Click to
// unmute", fullscreen kept.
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Spinner } from '../../components/Spinner';
import { FullscreenExitIcon, FullscreenIcon, VolumeHighIcon } from '../../components/icons';
import { api } from '../../lib/api';
import type { PublicChannel } from '../../lib/types';
import type { StageMember } from './members';
import { STAGE_MESSAGES as M } from './messages';
import { StageGrid } from './StageGrid';
import { useStageRoom } from './useStageRoom';
import './stage.css';

export function spectatorKey(stageId: string, attempt = 0) {
  return ['stages', 'spectator', stageId, attempt] as const;
}

/** Reconnections tried after the room dropped for a reason other than the stage ending. */
export const MAX_RECONNECTS = 3;

export interface SpectatorStageProps {
  channel: PublicChannel;
  stageId: string;
  header: ReactNode;
  /** The room closed or the join failed: the channel data needs a reload. */
  onGone: () => void;
  /** The publishers now (the request button hides for one of them). */
  onMembers?: (members: StageMember[]) => void;
}

export function SpectatorStage({ channel, stageId, header, onGone, onMembers }: SpectatorStageProps) {
  const root = useRef<HTMLDivElement>(null);
  const [attempt, setAttempt] = useState(0);
  const token = useQuery({
    queryKey: spectatorKey(stageId, attempt),
    queryFn: () => api.stages.spectatorToken(stageId),
    retry: false,
    staleTime: Infinity,
    gcTime: 0,
  });
  const gone = useRef(onGone);
  gone.current = onGone;
  const data = token.data;
  const stage = useStageRoom(
    data ? { url: data.url, token: data.user.token } : null,
    { autoSubscribe: true, audioMuted: true },
    (e) => {
      if (e.type !== 'disconnected' || e.reason === 'local') return;
      gone.current();
      // A dropped connection (not the stage ending): a fresh token and room.
      if (e.reason === 'other') setAttempt((a) => (a < MAX_RECONNECTS ? a + 1 : a));
    },
  );
  const [muted, setMuted] = useState(true);
  const [fullscreen, setFullscreen] = useState(false);

  useEffect(() => {
    if (token.isError || stage.status === 'failed') gone.current();
  }, [token.isError, stage.status]);

  const members = stage.members;
  const report = useRef(onMembers);
  report.current = onMembers;
  useEffect(() => {
    report.current?.(members);
  }, [members]);

  useEffect(() => {
    const onChange = () => setFullscreen(document.fullscreenElement === root.current && !!root.current);
    document.addEventListener('fullscreenchange', onChange);
    return () => document.removeEventListener('fullscreenchange', onChange);
  }, []);

  const toggleFullscreen = () => {
    if (document.fullscreenElement) void document.exitFullscreen?.().catch(() => {});
    else void root.current?.requestFullscreen?.().catch(() => {});
  };

  const unmute = async () => {
    setMuted(false);
    await stage.room?.setAudioEnabled(true).catch(() => {});
  };

  return (
    <div ref={root} className={`player stage-player${fullscreen ? ' player--fullscreen' : ''}`} data-status="stage">
      <div className="stage-player__frame">
        {stage.status === 'connected' ? (
          <StageGrid members={members} testId="stage-grid" />
        ) : (
          <div className="player__center">
            <Spinner size={44} label="Loading stream" />
          </div>
        )}
      </div>
      {stage.status === 'connected' && muted && (
        <button type="button" className="stage-player__unmute" onClick={() => void unmute()}>
          <VolumeHighIcon size={20} />
          {M.clickToUnmute}
        </button>
      )}
      <div className="player__header">{header}</div>
      <div className="stage-player__controls" role="toolbar" aria-label="Player controls">
        <span className="player-controls__spacer" />
        <button
          type="button"
          className="player-controls__button"
          aria-label={fullscreen ? 'Disable fullscreen mode' : 'Enable fullscreen mode'}
          onClick={toggleFullscreen}
        >
          {fullscreen ? <FullscreenExitIcon size={22} /> : <FullscreenIcon size={22} />}
        </button>
      </div>
      <span className="sr-only">{`${channel.username}'s session`}</span>
    </div>
  );
}

// The stage's video grid (spec 8.7, 8.8): camera tiles in an adaptive grid,
// screen shares in their own row, a "+N" card past the slots, and the
// "Invite participant" card while the host is alone.
import { useEffect, useRef, useState, type CSSProperties, type ReactNode } from 'react';
import { Avatar } from '../../components/Avatar';
import { MicOffIcon, VideoOffIcon } from '../../components/icons';
import { gridLayout } from './layout';
import { splitMembers, type StageMember } from './members';

export interface StageGridProps {
  members: StageMember[];
  /** Shown as a placeholder tile next to a lone participant (the host's invite card). */
  placeholder?: ReactNode;
  testId?: string;
}

/** Width / height of the grid's box, measured (16:9 before the first measure). */
function useAspect(el: HTMLElement | null): number {
  const [aspect, setAspect] = useState(16 / 9);
  useEffect(() => {
    if (!el || typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(([entry]) => {
      const r = entry?.contentRect;
      if (r && r.width > 0 && r.height > 0) setAspect(r.width / r.height);
    });
    ro.observe(el);
    return () => ro.disconnect();
  }, [el]);
  return aspect;
}

export function StageGrid({ members, placeholder, testId }: StageGridProps) {
  const [box, setBox] = useState<HTMLDivElement | null>(null);
  const aspect = useAspect(box);
  const { cameras, screens } = splitMembers(members);
  const showPlaceholder = !!placeholder && cameras.length === 1 && screens.length === 0;
  const layout = gridLayout(cameras.length + (showPlaceholder ? 1 : 0), aspect);
  const shown = cameras.slice(0, showPlaceholder ? cameras.length : layout.visible);
  const folded = cameras.slice(shown.length);

  return (
    <div className="stage-grid" data-testid={testId} ref={setBox}>
      {screens.length > 0 && (
        <div className="stage-grid__screens" aria-label="Screen shares" role="group">
          {screens.map((m) => (
            <StageTile key={m.id} member={m} screen />
          ))}
        </div>
      )}
      <div
        className="stage-grid__tiles"
        role="group"
        aria-label="Participants"
        style={{ '--stage-cols': layout.columns, '--stage-rows': layout.rows } as CSSProperties}
      >
        {shown.map((m) => (
          <StageTile key={m.id} member={m} />
        ))}
        {showPlaceholder && <div className="stage-tile stage-tile--placeholder">{placeholder}</div>}
        {folded.length > 0 && (
          <div className="stage-tile stage-tile--overflow" aria-label={`${folded.length} more participants`}>
            <div className="stage-tile__avatars">
              {folded.slice(0, 3).map((m) => (
                <Avatar key={m.id} username={m.username} color={m.color} avatar={m.avatar} imageUrl={m.avatarUrl} size={36} />
              ))}
            </div>
            <span className="stage-tile__more">+{folded.length}</span>
          </div>
        )}
      </div>
    </div>
  );
}

export function StageTile({ member: m, screen = false }: { member: StageMember; screen?: boolean }) {
  const video = useRef<HTMLVideoElement>(null);
  const handle = m.video;
  useEffect(() => {
    const el = video.current;
    if (!el || !handle) return;
    handle.attach(el);
    return () => handle.detach(el);
  }, [handle?.key]); // eslint-disable-line react-hooks/exhaustive-deps
  const name = screen ? `${m.username} (Screen share)` : m.username;
  return (
    <figure
      className={`stage-tile${screen ? ' stage-tile--screen' : ''}`}
      data-testid="stage-tile"
      data-participant={m.username}
      data-group={m.group}
      aria-label={name}
    >
      {handle ? (
        <video ref={video} className="stage-tile__video" autoPlay playsInline muted />
      ) : (
        <div className="stage-tile__off">
          <Avatar username={m.username} color={m.color} avatar={m.avatar} imageUrl={m.avatarUrl} size={64} />
        </div>
      )}
      <figcaption className="stage-tile__pill">
        <Avatar username={m.username} color={m.color} avatar={m.avatar} imageUrl={m.avatarUrl} size={20} />
        <span className="stage-tile__name">{name}</span>
        {!screen && m.micMuted && <MicOffIcon size={14} aria-label="Muted" role="img" aria-hidden={false} />}
        {!screen && m.cameraOff && <VideoOffIcon size={14} aria-label="Camera off" role="img" aria-hidden={false} />}
      </figcaption>
    </figure>
  );
}

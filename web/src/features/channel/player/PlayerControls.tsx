// The player's control bar (spec 2.4): play/pause, volume, latency, quality, fullscreen.
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import {
  BoltIcon,
  CheckIcon,
  FullscreenExitIcon,
  FullscreenIcon,
  PauseIcon,
  PlayIcon,
  QualityIcon,
  VolumeHighIcon,
  VolumeLowIcon,
  VolumeMediumIcon,
} from '../../../components/icons';
import { volumeLevel } from './hooks';
import type { Quality } from './sources';

export interface PlayerControlsProps {
  paused: boolean;
  onTogglePlay: () => void;
  muted: boolean;
  volume: number;
  onToggleMute: () => void;
  onVolume: (v: number) => void;
  /** Renditions (empty: the menu only offers "Auto"); null hides the menu (WebRTC). */
  qualities: Quality[] | null;
  quality: number;
  onQuality: (id: number) => void;
  lowLatency: boolean;
  onToggleLowLatency: () => void;
  fullscreen: boolean;
  onToggleFullscreen: () => void;
  /** A popup (quality menu) is open: keep the controls shown. */
  onPopupChange: (open: boolean) => void;
}

export function PlayerControls(p: PlayerControlsProps) {
  return (
    <div className="player-controls" role="toolbar" aria-label="Player controls">
      <button
        type="button"
        className="player-controls__button"
        aria-label={p.paused ? 'Play the stream' : 'Pause the stream'}
        onClick={p.onTogglePlay}
      >
        {p.paused ? <PlayIcon size={22} /> : <PauseIcon size={22} />}
      </button>
      <VolumeControl muted={p.muted} volume={p.volume} onToggleMute={p.onToggleMute} onVolume={p.onVolume} />
      <span className="player-controls__spacer" />
      <button
        type="button"
        className="player-controls__button player-controls__latency"
        aria-pressed={p.lowLatency}
        aria-label="Sub-second latency (WebRTC)"
        title="Sub-second latency (WebRTC)"
        onClick={p.onToggleLowLatency}
      >
        <BoltIcon size={18} />
        <span className="player-controls__latency-text" aria-hidden="true">
          Sub-second
        </span>
      </button>
      {p.qualities && (
        <QualityMenu qualities={p.qualities} quality={p.quality} onQuality={p.onQuality} onOpenChange={p.onPopupChange} />
      )}
      <button
        type="button"
        className="player-controls__button"
        aria-label={p.fullscreen ? 'Disable fullscreen mode' : 'Enable fullscreen mode'}
        onClick={p.onToggleFullscreen}
      >
        {p.fullscreen ? <FullscreenExitIcon size={22} /> : <FullscreenIcon size={22} />}
      </button>
    </div>
  );
}

function VolumeControl({
  muted,
  volume,
  onToggleMute,
  onVolume,
}: {
  muted: boolean;
  volume: number;
  onToggleMute: () => void;
  onVolume: (v: number) => void;
}) {
  const level = volumeLevel(volume, muted);
  const Icon = level === 'low' ? VolumeLowIcon : level === 'medium' ? VolumeMediumIcon : VolumeHighIcon;
  const shown = muted ? 0 : volume;
  return (
    <div className="player-volume" data-level={level}>
      <button
        type="button"
        className="player-controls__button"
        aria-label={muted || volume === 0 ? 'Unmute the stream' : 'Mute the stream'}
        onClick={onToggleMute}
      >
        <Icon size={22} />
      </button>
      <div className="player-volume__popup">
        <input
          type="range"
          className="player-volume__slider"
          min={0}
          max={100}
          step={1}
          value={shown}
          aria-label="Volume"
          aria-orientation="vertical"
          aria-valuetext={`${shown}%`}
          onChange={(e) => onVolume(Number(e.currentTarget.value))}
        />
      </div>
    </div>
  );
}

function QualityMenu({
  qualities,
  quality,
  onQuality,
  onOpenChange,
}: {
  qualities: Quality[];
  quality: number;
  onQuality: (id: number) => void;
  onOpenChange: (open: boolean) => void;
}) {
  const [open, setOpen] = useState(false);
  const id = useId();
  const button = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLDivElement>(null);
  const options = [{ id: -1, name: 'Auto' }, ...qualities];
  const current = options.find((o) => o.id === quality)?.name ?? 'Auto';

  const setMenu = (v: boolean) => {
    setOpen(v);
    onOpenChange(v);
  };

  useEffect(() => {
    if (!open) return;
    menu.current?.querySelector<HTMLElement>('[aria-checked="true"]')?.focus();
    const onDown = (e: PointerEvent) => {
      const t = e.target as Node;
      if (!menu.current?.contains(t) && !button.current?.contains(t)) setMenu(false);
    };
    document.addEventListener('pointerdown', onDown);
    return () => document.removeEventListener('pointerdown', onDown);
  }, [open]);

  const close = () => {
    setMenu(false);
    button.current?.focus();
  };
  const onKey = (e: KeyboardEvent<HTMLDivElement>) => {
    const items = Array.from(menu.current?.querySelectorAll<HTMLElement>('[role="menuitemradio"]') ?? []);
    const at = items.indexOf(document.activeElement as HTMLElement);
    if (e.key === 'Escape') {
      e.stopPropagation();
      close();
    } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const next = (at + (e.key === 'ArrowDown' ? 1 : -1) + items.length) % items.length;
      items[next]?.focus();
    } else if (e.key === 'Tab') {
      setMenu(false);
    }
  };

  return (
    <div className="player-quality">
      <button
        ref={button}
        type="button"
        className="player-controls__button player-quality__button"
        aria-label="Video quality"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? `${id}-menu` : undefined}
        onClick={() => setMenu(!open)}
      >
        <QualityIcon size={18} />
        <span className="player-quality__current" aria-hidden="true">
          {current}
        </span>
      </button>
      {open && (
        <div ref={menu} id={`${id}-menu`} className="player-quality__menu" role="menu" aria-label="Video quality" onKeyDown={onKey}>
          {options.map((o) => (
            <button
              key={o.id}
              type="button"
              role="menuitemradio"
              aria-checked={o.id === quality}
              aria-label={`Select the ${o.name} video quality`}
              className="player-quality__item"
              tabIndex={o.id === quality ? 0 : -1}
              onClick={() => {
                onQuality(o.id);
                close();
              }}
            >
              <span>{o.name}</span>
              {o.id === quality && <CheckIcon size={16} />}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}

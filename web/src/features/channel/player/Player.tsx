// The channel page player (spec 2.4): header overlay, video, loading /
// offline states, and the control bar. Playback itself lives in usePlayback.
import { useCallback, useEffect, useRef, useState, type CSSProperties, type ReactNode } from 'react';
import { Spinner } from '../../../components/Spinner';
import { useToast } from '../../../components/Toast';
import { LockIcon, NoSignalIcon } from '../../../components/icons';
import type { PublicChannel } from '../../../lib/types';
import { aspectRatio, useAutoHide, useFullscreen, useVideoState } from './hooks';
import { PlayerControls } from './PlayerControls';
import { usePlayback, type PlaybackMode } from './usePlayback';
import './Player.css';

export const ERROR_LOADING_STREAM = 'Error loading stream';
export const WEBRTC_UNAVAILABLE = 'Sub-second playback is unavailable, switched back to standard latency';

/** Whether a pointer event hit the picture rather than a control, avatar, heading, slider or menu (spec 2.4). */
function onPicture(target: EventTarget): boolean {
  return (
    target instanceof Element &&
    !target.closest('button, a, input, h1, h2, [role="menu"], [role="toolbar"], .player-header, [data-action-id]')
  );
}

export interface PlayerProps {
  channel: PublicChannel;
  /** The header overlay (avatar, name, follow). */
  header: ReactNode;
  /** Keep the header and controls on screen (profile view). */
  pinControls?: boolean;
  /** Drawn over the picture, under the header and controls (stream action overlays); inside fullscreen too. */
  overlays?: ReactNode;
  /**
   * Receives the reader of the media clock (the wall-clock time of the frame
   * on screen, see PlaybackSource.mediaTime) once mounted, and null when
   * unmounted. Must be stable.
   */
  onMediaClock?: (read: (() => number | null) | null) => void;
}

export function Player({ channel, header, pinControls = false, overlays, onMediaClock }: PlayerProps) {
  const toast = useToast();
  const root = useRef<HTMLDivElement>(null);
  const [video, setVideo] = useState<HTMLVideoElement | null>(null);
  const [mode, setMode] = useState<PlaybackMode>('hls');
  const [userPaused, setUserPaused] = useState(false);
  const [popupOpen, setPopupOpen] = useState(false);
  const v = useVideoState(video);

  const playback = usePlayback({
    video,
    isLive: channel.isLive,
    playbackUrl: channel.playbackUrl,
    whepUrl: channel.whepUrl,
    mode,
    userPaused,
    onUnsupported: () => {
      setMode('hls');
      toast.error(WEBRTC_UNAVAILABLE);
    },
    onError: () => toast.error(ERROR_LOADING_STREAM),
  });
  const { status } = playback;

  const { mediaTime } = playback;
  useEffect(() => {
    if (!onMediaClock) return;
    onMediaClock(mediaTime);
    return () => onMediaClock(null);
  }, [onMediaClock, mediaTime]);

  const hasStream = status === 'live' || status === 'ending';
  const fullscreen = useFullscreen(root, video);

  // The stream is over: leave fullscreen (spec 2.4).
  const exitFullscreen = fullscreen.exit;
  useEffect(() => {
    if (status === 'offline') exitFullscreen();
  }, [status, exitFullscreen]);

  const togglePlay = useCallback(() => {
    if (!video) return;
    if (video.paused) {
      setUserPaused(false);
      playback.seekToLive();
      void video.play().catch(() => {});
    } else {
      setUserPaused(true);
      video.pause();
    }
  }, [video, playback]);

  // Space toggles play/pause while the focus is on the page itself or the video.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== ' ' || e.repeat || e.defaultPrevented || !hasStream) return;
      const t = e.target;
      if (t !== document.body && t !== document.documentElement && t !== video && t !== root.current) return;
      e.preventDefault();
      togglePlay();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [togglePlay, hasStream, video]);

  const setVolume = (value: number) => {
    if (!video) return;
    video.volume = value / 100;
    video.muted = value === 0;
  };
  const toggleMute = () => {
    if (!video) return;
    if (video.muted || video.volume === 0) {
      if (video.volume === 0) video.volume = 0.5;
      video.muted = false;
    } else {
      video.muted = true;
    }
  };

  const canHide = status === 'live' && !v.paused && !popupOpen && !pinControls;
  const chrome = useAutoHide(canHide);
  const ratio = aspectRatio(channel.ingestConfiguration?.video, v);

  return (
    <div
      ref={root}
      className={`player${chrome.visible ? '' : ' player--idle'}${fullscreen.active ? ' player--fullscreen' : ''}`}
      data-status={status}
      style={{ '--player-ratio': ratio } as CSSProperties}
      onMouseMove={chrome.poke}
      onPointerDown={(e) => e.pointerType === 'mouse' && chrome.poke()}
      onFocus={chrome.poke}
      onDoubleClick={(e) => hasStream && onPicture(e.target) && fullscreen.toggle()}
      onPointerUp={(e) => e.pointerType === 'touch' && onPicture(e.target) && chrome.toggle()}
    >
      <div className="player__frame">
        <video
          ref={setVideo}
          className="player__video"
          playsInline
          hidden={status === 'offline'}
          aria-label={`${channel.username}'s stream`}
        />
      </div>
      {(status === 'loading' || status === 'retrying') && (
        <div className="player__center">
          <Spinner size={44} label="Loading stream" />
        </div>
      )}
      {status === 'offline' &&
        (channel.isViewerBanned ? (
          <div className="player__center player__offline">
            <LockIcon size={40} />
            <p>You are banned from this channel</p>
          </div>
        ) : (
          <div className="player__center player__offline">
            <NoSignalIcon size={40} />
            <p>Stream offline</p>
          </div>
        ))}
      {overlays && <div className="player__overlays">{overlays}</div>}
      <div className="player__header">{header}</div>
      {hasStream && (
        <div className="player__controls">
          <PlayerControls
            paused={v.paused}
            onTogglePlay={togglePlay}
            muted={v.muted}
            volume={v.volume}
            onToggleMute={toggleMute}
            onVolume={setVolume}
            qualities={mode === 'hls' ? playback.qualities : null}
            quality={playback.quality}
            onQuality={playback.setQuality}
            lowLatency={mode === 'webrtc'}
            onToggleLowLatency={() => setMode((m) => (m === 'webrtc' ? 'hls' : 'webrtc'))}
            fullscreen={fullscreen.active}
            onToggleFullscreen={fullscreen.toggle}
            onPopupChange={setPopupOpen}
          />
        </div>
      )}
    </div>
  );
}

// Small hooks of the player: fullscreen, auto-hiding controls, the <video>
// element's play/volume/size state.
import { useCallback, useEffect, useRef, useState, type RefObject } from 'react';

type WebkitVideo = HTMLVideoElement & { webkitEnterFullscreen?: () => void; webkitDisplayingFullscreen?: boolean };

/** Fullscreen of `target` (the whole player, so custom controls stay); iOS falls back to the native video fullscreen. */
export function useFullscreen(target: RefObject<HTMLElement | null>, video: HTMLVideoElement | null) {
  const [active, setActive] = useState(false);
  useEffect(() => {
    const update = () => setActive(!!document.fullscreenElement && document.fullscreenElement === target.current);
    document.addEventListener('fullscreenchange', update);
    return () => document.removeEventListener('fullscreenchange', update);
  }, [target]);

  const exit = useCallback(() => {
    if (document.fullscreenElement && typeof document.exitFullscreen === 'function') void document.exitFullscreen().catch(() => {});
  }, []);
  const enter = useCallback(() => {
    const el = target.current;
    if (el && typeof el.requestFullscreen === 'function') {
      void el.requestFullscreen().catch(() => {});
      return;
    }
    (video as WebkitVideo | null)?.webkitEnterFullscreen?.();
  }, [target, video]);
  const toggle = useCallback(() => (document.fullscreenElement ? exit() : enter()), [enter, exit]);
  return { active, enter, exit, toggle };
}

/**
 * Controls that hide `delay` ms after the last pointer movement while
 * `canHide`; always shown otherwise. `poke` restarts the timer, `toggle` is
 * for taps on touch screens.
 */
export function useAutoHide(canHide: boolean, delay = 3000) {
  const [hidden, setHidden] = useState(false);
  const timer = useRef<number | undefined>(undefined);
  const canHideRef = useRef(canHide);
  canHideRef.current = canHide;

  const schedule = useCallback(() => {
    window.clearTimeout(timer.current);
    if (canHideRef.current) timer.current = window.setTimeout(() => setHidden(true), delay);
  }, [delay]);
  const poke = useCallback(() => {
    setHidden(false);
    schedule();
  }, [schedule]);
  const toggle = useCallback(() => {
    setHidden((h) => {
      if (h) schedule();
      else window.clearTimeout(timer.current);
      return canHideRef.current ? !h : false;
    });
  }, [schedule]);

  useEffect(() => {
    if (canHide) schedule();
    else {
      window.clearTimeout(timer.current);
      setHidden(false);
    }
  }, [canHide, schedule]);
  useEffect(() => () => window.clearTimeout(timer.current), []);

  return { visible: !hidden || !canHide, poke, toggle };
}

export interface VideoState {
  paused: boolean;
  muted: boolean;
  /** 0-100. */
  volume: number;
  /** Intrinsic size once known. */
  width: number;
  height: number;
}

/** Mirrors the element's play, volume and size state into React. */
export function useVideoState(video: HTMLVideoElement | null): VideoState {
  const [s, setS] = useState<VideoState>({ paused: true, muted: false, volume: 100, width: 0, height: 0 });
  useEffect(() => {
    if (!video) return;
    const read = () =>
      setS({
        paused: video.paused,
        muted: video.muted,
        volume: Math.round(video.volume * 100),
        width: video.videoWidth,
        height: video.videoHeight,
      });
    read();
    const events = ['play', 'pause', 'playing', 'volumechange', 'loadedmetadata', 'resize', 'emptied'];
    for (const e of events) video.addEventListener(e, read);
    return () => {
      for (const e of events) video.removeEventListener(e, read);
    };
  }, [video]);
  return s;
}

/** Volume icon level (spec 2.4): "low" at 0, "medium" below 50, else "high". */
export function volumeLevel(volume: number, muted: boolean): 'low' | 'medium' | 'high' {
  const v = muted ? 0 : volume;
  if (v <= 0) return 'low';
  return v < 50 ? 'medium' : 'high';
}

/** The player's aspect ratio: the ingest's when known, else the video's, else 16:9 (spec 2.4). */
export function aspectRatio(ingest: { videoWidth: number; videoHeight: number } | undefined, video: { width: number; height: number }): number {
  if (ingest && ingest.videoWidth > 0 && ingest.videoHeight > 0) return ingest.videoWidth / ingest.videoHeight;
  if (video.width > 0 && video.height > 0) return video.width / video.height;
  return 16 / 9;
}

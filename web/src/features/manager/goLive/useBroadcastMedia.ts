// The devices behind the web broadcast: camera and mic (asked for on mount),
// the optional screen share, device choice, mute and hide.
import { useCallback, useEffect, useRef, useState } from 'react';
import { listDevices, openCameraAndMic, openDevice, openScreen, MediaAccessError, type Device } from './media';

export type MediaStatus = 'pending' | 'ready' | 'error';

export interface BroadcastMedia {
  status: MediaStatus;
  /** The spec's message when access failed. */
  error: string | null;
  camera: MediaStreamTrack | null;
  mic: MediaStreamTrack | null;
  screen: MediaStreamTrack | null;
  cameras: Device[];
  mics: Device[];
  cameraId: string;
  micId: string;
  micMuted: boolean;
  cameraHidden: boolean;
  cameraOnScreen: boolean;
  retry: () => void;
  toggleMic: () => void;
  toggleCamera: () => void;
  /** Resolves with an error message, or null once sharing. */
  startScreenShare: () => Promise<string | null>;
  stopScreenShare: () => void;
  /** Resolves with the new device's label; rejects with MediaAccessError. */
  changeCamera: (id: string) => Promise<string>;
  changeMic: (id: string) => Promise<string>;
  setCameraOnScreen: (on: boolean) => void;
}

function deviceId(track: MediaStreamTrack | null): string {
  return track?.getSettings().deviceId ?? '';
}

export function useBroadcastMedia(): BroadcastMedia {
  const [status, setStatus] = useState<MediaStatus>('pending');
  const [error, setError] = useState<string | null>(null);
  const [camera, setCamera] = useState<MediaStreamTrack | null>(null);
  const [mic, setMic] = useState<MediaStreamTrack | null>(null);
  const [screen, setScreen] = useState<MediaStreamTrack | null>(null);
  const [devices, setDevices] = useState<{ cameras: Device[]; mics: Device[] }>({ cameras: [], mics: [] });
  const [micMuted, setMicMuted] = useState(false);
  const [cameraHidden, setCameraHidden] = useState(false);
  const [cameraOnScreen, setCameraOnScreen] = useState(true);
  const [attempt, setAttempt] = useState(0);
  // Tracks to stop on unmount, whatever state they were in.
  const owned = useRef(new Set<MediaStreamTrack>());
  const own = (t: MediaStreamTrack) => {
    owned.current.add(t);
    return t;
  };
  const release = (t: MediaStreamTrack | null) => {
    if (!t) return;
    t.stop();
    owned.current.delete(t);
  };

  useEffect(() => {
    const md = navigator.mediaDevices;
    let cancelled = false;
    setStatus('pending');
    openCameraAndMic(md)
      .then(async ({ camera: cam, mic: m }) => {
        if (cancelled) {
          cam.stop();
          m.stop();
          return;
        }
        setCamera(own(cam));
        setMic(own(m));
        setError(null);
        setStatus('ready');
        setDevices(await listDevices(md));
      })
      .catch((err: unknown) => {
        if (cancelled) return;
        setError(err instanceof MediaAccessError ? err.message : 'Failed to access camera');
        setStatus('error');
      });
    return () => {
      cancelled = true;
    };
  }, [attempt]);

  // Keep the device lists current (plugged/unplugged devices).
  useEffect(() => {
    const md = navigator.mediaDevices;
    if (!md?.addEventListener) return;
    const refresh = () => void listDevices(md).then(setDevices);
    md.addEventListener('devicechange', refresh);
    return () => md.removeEventListener('devicechange', refresh);
  }, []);

  useEffect(() => {
    const tracks = owned.current;
    return () => {
      for (const t of tracks) t.stop();
      tracks.clear();
    };
  }, []);

  useEffect(() => {
    if (mic) mic.enabled = !micMuted;
  }, [mic, micMuted]);
  useEffect(() => {
    if (camera) camera.enabled = !cameraHidden;
  }, [camera, cameraHidden]);

  const stopScreenShare = useCallback(() => {
    setScreen((s) => {
      release(s);
      return null;
    });
  }, []);

  const startScreenShare = useCallback(async () => {
    try {
      const track = own(await openScreen(navigator.mediaDevices));
      // The browser's own "Stop sharing" ends the track.
      track.addEventListener('ended', () => {
        setScreen((s) => (s === track ? null : s));
        owned.current.delete(track);
      });
      setScreen(track);
      return null;
    } catch (err) {
      return err instanceof MediaAccessError ? err.message : 'Screenshare permission denied';
    }
  }, []);

  const changeCamera = useCallback(
    async (id: string) => {
      const next = own(await openDevice(navigator.mediaDevices, 'camera', id));
      next.enabled = !cameraHidden;
      setCamera((old) => {
        if (old !== next) release(old);
        return next;
      });
      return next.label || devices.cameras.find((d) => d.id === id)?.label || 'camera';
    },
    [cameraHidden, devices.cameras],
  );

  const changeMic = useCallback(
    async (id: string) => {
      const next = own(await openDevice(navigator.mediaDevices, 'mic', id));
      next.enabled = !micMuted;
      setMic((old) => {
        if (old !== next) release(old);
        return next;
      });
      return next.label || devices.mics.find((d) => d.id === id)?.label || 'mic';
    },
    [micMuted, devices.mics],
  );

  return {
    status,
    error,
    camera,
    mic,
    screen,
    cameras: devices.cameras,
    mics: devices.mics,
    cameraId: deviceId(camera),
    micId: deviceId(mic),
    micMuted,
    cameraHidden,
    cameraOnScreen,
    retry: () => setAttempt((a) => a + 1),
    toggleMic: () => setMicMuted((m) => !m),
    toggleCamera: () => setCameraHidden((h) => !h),
    startScreenShare,
    stopScreenShare,
    changeCamera,
    changeMic,
    setCameraOnScreen,
  };
}

// The local screen share (spec 8.7): a `screenshare` token from the server and
// a second room that publishes the screen as the display participant.
import { useCallback, useEffect, useRef, useState } from 'react';
import { api } from '../../lib/api';
import { openScreen } from '../manager/goLive/media';
import { connectStage, type StageRoom } from './room';
import { STAGE_MESSAGES } from './messages';

export interface ScreenShare {
  sharing: boolean;
  busy: boolean;
  /** The display participant's id while sharing. */
  participantId: string | null;
  /** Resolves with an error message, or null once sharing. */
  start: () => Promise<string | null>;
  stop: () => void;
}

export function useScreenShare(stageId: string): ScreenShare {
  const [state, setState] = useState<{ room: StageRoom; track: MediaStreamTrack; participantId: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const current = useRef(state);
  current.current = state;

  const stop = useCallback(() => {
    const s = current.current;
    if (!s) return;
    current.current = null;
    setState(null);
    s.track.stop();
    void s.room.disconnect();
  }, []);

  const start = useCallback(async () => {
    if (current.current) return null;
    setBusy(true);
    let track: MediaStreamTrack;
    try {
      // First the picker, while the click still counts as a user gesture.
      track = await openScreen(navigator.mediaDevices);
    } catch {
      setBusy(false);
      return STAGE_MESSAGES.screenSharePermission;
    }
    try {
      const join = await api.stages.participantToken(stageId, 'screenshare');
      const token = join.display ?? join.user;
      const room = await connectStage(join.url, token.token, { autoSubscribe: false });
      await room.setTrack('screen', track);
      const s = { room, track, participantId: token.participantId };
      room.onEvent((e) => e.type === 'disconnected' && current.current === s && stop());
      track.addEventListener('ended', () => current.current === s && stop());
      current.current = s;
      setState(s);
      return null;
    } catch {
      track.stop();
      // 409 StageFullException "Stage is at capacity" and every other failure read the same.
      return STAGE_MESSAGES.unableToScreenShare;
    } finally {
      setBusy(false);
    }
  }, [stageId, stop]);

  useEffect(() => () => stop(), [stop]);

  return { sharing: state !== null, busy, participantId: state?.participantId ?? null, start, stop };
}

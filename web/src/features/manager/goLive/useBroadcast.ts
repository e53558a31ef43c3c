// The WHIP session of the web broadcast: start, end, disconnection, mic swaps.
import { useCallback, useEffect, useRef, useState } from 'react';
import { publish, type WhipSession } from '../../../lib/whip';
import type { BroadcastStatus } from './goLiveState';

export const COULD_NOT_GO_LIVE = 'Could not go live';
export const STREAM_DISCONNECTED = 'Stream disconnected';

export interface BroadcastOptions {
  /** The WHIP endpoint. */
  url: string;
  streamKey: string | undefined;
  /** The composed picture (canvas.captureStream). */
  video: MediaStreamTrack | null;
  mic: MediaStreamTrack | null;
  onError: (message: string) => void;
  /** Called after the broadcast started or stopped (refresh live status). */
  onChange: () => void;
}

export interface Broadcast {
  status: BroadcastStatus;
  start: () => Promise<void>;
  stop: () => Promise<void>;
}

export function useBroadcast(o: BroadcastOptions): Broadcast {
  const [status, setStatus] = useState<BroadcastStatus>('idle');
  const session = useRef<WhipSession | null>(null);
  const opts = useRef(o);
  opts.current = o;
  const mounted = useRef(true);

  const start = useCallback(async () => {
    const { url, streamKey, video, mic } = opts.current;
    if (session.current || !streamKey || !video || !mic) return;
    setStatus('connecting');
    try {
      const s = await publish({
        url,
        token: streamKey,
        video,
        audio: mic,
        onDisconnect: () => {
          if (session.current !== s) return;
          session.current = null;
          void s.stop();
          setStatus('idle');
          opts.current.onError(STREAM_DISCONNECTED);
          opts.current.onChange();
        },
      });
      if (!mounted.current) {
        void s.stop();
        return;
      }
      session.current = s;
      setStatus('live');
    } catch {
      if (!mounted.current) return;
      setStatus('idle');
      opts.current.onError(COULD_NOT_GO_LIVE);
    }
    opts.current.onChange();
  }, []);

  const stop = useCallback(async () => {
    const s = session.current;
    if (!s) return;
    setStatus('ending');
    session.current = null;
    await s.stop();
    setStatus('idle');
    opts.current.onChange();
  }, []);

  // A new microphone goes out without renegotiating.
  useEffect(() => {
    if (o.mic && session.current) void session.current.replaceAudio(o.mic).catch(() => {});
  }, [o.mic]);

  // Leaving the page ends the broadcast.
  useEffect(() => {
    mounted.current = true;
    const end = () => void session.current?.stop();
    window.addEventListener('pagehide', end);
    return () => {
      mounted.current = false;
      window.removeEventListener('pagehide', end);
      end();
      session.current = null;
    };
  }, []);

  return { status, start, stop };
}

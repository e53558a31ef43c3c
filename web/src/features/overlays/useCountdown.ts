import { useEffect, useState } from 'react';
import { readClock, type PlaybackClock } from './clock';

/** Milliseconds from the playback clock to `end`, refreshed every `every` ms until 0. */
export function useCountdown(end: number, clock: PlaybackClock, every = 200): number {
  const [left, setLeft] = useState(() => Math.max(0, end - readClock(clock)));
  useEffect(() => {
    const read = () => Math.max(0, end - readClock(clock));
    setLeft(read());
    const timer = window.setInterval(() => {
      const l = read();
      setLeft(l);
      if (l <= 0) window.clearInterval(timer);
    }, every);
    return () => window.clearInterval(timer);
  }, [end, clock, every]);
  return left;
}

import { useEffect, useState } from 'react';

/**
 * The current time, ticking once a second on the second boundaries counted
 * from anchor (so "12s" turns "11s" exactly when a second of it has gone);
 * null: no ticking.
 */
export function useNow(anchor: number | null): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (anchor === null) return;
    let timer: ReturnType<typeof setTimeout>;
    const schedule = () => {
      const delay = ((((anchor - Date.now()) % 1000) + 1000) % 1000 || 1000) + 1;
      timer = setTimeout(() => {
        setNow(Date.now());
        schedule();
      }, delay);
    };
    setNow(Date.now());
    schedule();
    return () => clearTimeout(timer);
  }, [anchor]);
  return now;
}

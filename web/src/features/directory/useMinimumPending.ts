import { useEffect, useRef, useState } from 'react';

/**
 * True while `isPending`, and on for at least `minimumMs` once it started, so
 * a fast answer does not flash a spinner for a frame (spec 2.3). Nothing
 * pending on the first render (data already cached) shows no spinner at all.
 */
export function useMinimumPending(isPending: boolean, minimumMs: number): boolean {
  const startedAt = useRef<number | null>(isPending ? Date.now() : null);
  const [holding, setHolding] = useState(isPending);

  useEffect(() => {
    if (isPending) {
      startedAt.current ??= Date.now();
      setHolding(true);
      return;
    }
    const started = startedAt.current;
    startedAt.current = null;
    const remaining = started === null ? 0 : minimumMs - (Date.now() - started);
    if (remaining <= 0) {
      setHolding(false);
      return;
    }
    const timer = window.setTimeout(() => setHolding(false), remaining);
    return () => window.clearTimeout(timer);
  }, [isPending, minimumMs]);

  return isPending || holding;
}

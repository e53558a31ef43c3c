// Status bar formatting (spec 9.3, 9.4).
import type { StreamSession } from '../../../lib/types';

/** Placeholder for a missing elapsed time. */
export const NO_TIME = '--:--:--';
/** Placeholder for a missing value (views, health). */
export const NO_VALUE = '------';

const pad = (n: number) => String(n).padStart(2, '0');

/** Milliseconds as HH:MM:SS (hours keep counting past 99); negative counts as zero. */
export function formatElapsed(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return `${pad(h)}:${pad(m)}:${pad(s)}`;
}

/** The last data value of the session's ConcurrentViews series, or null. */
export function lastConcurrentViews(session: StreamSession | undefined): number | null {
  const metric = session?.metrics?.find((m) => m.label === 'ConcurrentViews');
  const v = metric?.data?.at(-1);
  return typeof v === 'number' && Number.isFinite(v) ? Math.round(v) : null;
}

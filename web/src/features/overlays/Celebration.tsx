// Celebration (spec 7.5): confetti falling over the chat panel under an
// animated banner, for the action's duration (useTimedAction removes it at
// expiry). Plain CSS pieces, no canvas and no library; with reduced motion
// only the banner shows.
import { useMemo, type CSSProperties } from 'react';
import { useMediaQuery } from '../../lib/useMediaQuery';
import { OverlayRoot, type ActionOf } from './OverlayRoot';
import type { Shown } from './timing';

export const CELEBRATION_TEXT = "Let's celebrate!";
const PIECES = 72;
const COLORS = ['#ff4f5e', '#f6d55c', '#62d8cb', '#3b7cf6', '#c48cf2', '#1f9d68', '#f7a08d'];

/** A small deterministic generator, so a re-render does not reshuffle the confetti. */
function seeded(seed: string): () => number {
  let h = 2166136261;
  for (let i = 0; i < seed.length; i++) h = Math.imul(h ^ seed.charCodeAt(i), 16777619);
  return () => {
    h = Math.imul(h ^ (h >>> 15), 2246822507);
    h = Math.imul(h ^ (h >>> 13), 3266489909);
    h ^= h >>> 16;
    return (h >>> 0) / 4294967296;
  };
}

function Confetti({ seed }: { seed: string }) {
  const pieces = useMemo(() => {
    const rnd = seeded(seed);
    return Array.from({ length: PIECES }, (_, i) => ({
      left: `${rnd() * 100}%`,
      '--delay': `${(rnd() * 2.4).toFixed(2)}s`,
      '--fall': `${(2.6 + rnd() * 2.2).toFixed(2)}s`,
      '--drift': `${Math.round((rnd() - 0.5) * 120)}px`,
      '--spin': `${Math.round(360 + rnd() * 720) * (rnd() < 0.5 ? -1 : 1)}deg`,
      '--w': `${Math.round(6 + rnd() * 6)}px`,
      '--h': `${Math.round(8 + rnd() * 10)}px`,
      background: COLORS[i % COLORS.length],
    }));
  }, [seed]);
  return (
    <div className="celebration__confetti" aria-hidden="true">
      {pieces.map((style, i) => (
        <span key={i} className="celebration__piece" style={style as CSSProperties} />
      ))}
    </div>
  );
}

export function Celebration({ shown, action, color }: { shown: Shown; action: ActionOf<'celebration'>; color: string }) {
  const reduced = useMediaQuery('(prefers-reduced-motion: reduce)');
  return (
    <OverlayRoot shown={shown} className="celebration" color={color}>
      {!reduced && <Confetti seed={action.id} />}
      <p className="celebration__banner">{CELEBRATION_TEXT}</p>
    </OverlayRoot>
  );
}

// The directory's layout breakpoints (spec 2.2: xs 331, sm 576, lg 990 px, min-width).
import { useMediaQuery } from '../../lib/useMediaQuery';

export const lgQuery = '(min-width: 990px)';
export const smQuery = '(min-width: 576px)';
export const xsQuery = '(min-width: 331px)';

/** Avatars per carousel frame (spec 2.3): 5 from lg, 4 from sm, 3 from xs, else 2. */
export function useAvatarsPerFrame(): number {
  const lg = useMediaQuery(lgQuery);
  const sm = useMediaQuery(smQuery);
  const xs = useMediaQuery(xsQuery);
  if (lg) return 5;
  if (sm) return 4;
  if (xs) return 3;
  return 2;
}

// The root every overlay card renders into: a named region carrying the
// action's id and the moment it became visible (read by the end-to-end
// timing test), coloured by the streamer's profile colour.
import type { CSSProperties, ReactNode } from 'react';
import { colorSwatch } from '../../lib/profile';
import type { StreamAction, StreamActionName } from '../../lib/types';
import type { Shown } from './timing';

export type ActionOf<K extends StreamActionName> = Extract<StreamAction, { name: K }>;

/** The name a viewer knows an action by (also the stacked view's tab label, spec 2.4). */
export const actionTitles: Record<StreamActionName, string> = {
  quiz: 'Quiz',
  poll: 'Live poll',
  product: 'Product',
  amazon_product: 'Amazon product',
  notice: 'Notice',
  celebration: 'Celebration',
};

/** The profile colour as the overlays' background and text (blue and green take white text). */
export function overlayColors(color: string): CSSProperties {
  const s = colorSwatch(color);
  return { '--overlay-bg': s.background, '--overlay-text': s.text } as CSSProperties;
}

export interface OverlayRootProps {
  shown: Shown;
  className: string;
  color: string;
  /** Defaults to the action's title. */
  label?: string;
  children: ReactNode;
}

export function OverlayRoot({ shown, className, color, label, children }: OverlayRootProps) {
  const { action } = shown;
  return (
    <section
      role="region"
      aria-label={label ?? actionTitles[action.name]}
      className={`overlay ${className}`}
      style={overlayColors(color)}
      data-action-id={action.id}
      data-action-name={action.name}
      data-shown-at={shown.shownAt}
      data-media-time-at-show={shown.mediaTimeAtShow}
    >
      {children}
    </section>
  );
}

/** Only web addresses are followed or loaded (never javascript: or data:). */
export function safeUrl(url: string | undefined | null): string | null {
  if (!url) return null;
  try {
    const u = new URL(url, window.location.href);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.href : null;
  } catch {
    return null;
  }
}


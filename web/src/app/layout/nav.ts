import type { ComponentType } from 'react';
import { ActivityIcon, HeartIcon, HomeIcon, VideoIcon } from '../../components/icons';

export interface NavItem {
  name: string;
  to: string;
  icon: ComponentType<{ size?: number }>;
}

/** The signed-in navigation, in order; null marks a divider. */
export const signedInNav: (NavItem | null)[] = [
  { name: 'Home', to: '/', icon: HomeIcon },
  { name: 'Following', to: '/following', icon: HeartIcon },
  null,
  { name: 'Stream manager', to: '/manager', icon: VideoIcon },
  { name: 'Stream health', to: '/health', icon: ActivityIcon },
];

export const homeNav: NavItem = { name: 'Home', to: '/', icon: HomeIcon };

/** aria-label of a navigation item (spec 2.2). */
export function navLabel(name: string): string {
  return `Go to the ${name} page`;
}

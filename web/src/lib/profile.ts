// Profile colours and avatars (spec 2.7, 14).
import type { ProfileColor } from './types';

export const profileColors: readonly ProfileColor[] = [
  'blue',
  'green',
  'lavender',
  'purple',
  'salmon',
  'turquoise',
  'yellow',
];

export const presetAvatars = [
  'bear',
  'bird',
  'bird2',
  'dog',
  'dog2',
  'dog3',
  'giraffe',
  'hedgehog',
  'hippo',
  'horse',
  'ibex',
  'jellyfish',
  'sheep',
  'tiger',
] as const;

interface Swatch {
  background: string;
  text: string;
}

const swatches: Record<ProfileColor, Swatch> = {
  blue: { background: '#3b7cf6', text: '#ffffff' },
  green: { background: '#1f9d68', text: '#ffffff' },
  lavender: { background: '#c5b8f7', text: '#1c1b29' },
  purple: { background: '#c48cf2', text: '#1f1228' },
  salmon: { background: '#f7a08d', text: '#2a1411' },
  turquoise: { background: '#62d8cb', text: '#0d2623' },
  yellow: { background: '#f6d55c', text: '#2a2208' },
};

const fallback: Swatch = { background: '#6b6f7b', text: '#ffffff' };

export function isProfileColor(v: string): v is ProfileColor {
  return (profileColors as readonly string[]).includes(v);
}

export function colorSwatch(color: string): Swatch {
  return isProfileColor(color) ? swatches[color] : fallback;
}

export function randomItem<T>(items: readonly T[], random: () => number = Math.random): T {
  const item = items[Math.floor(random() * items.length) % items.length];
  if (item === undefined) throw new Error('randomItem of an empty list');
  return item;
}

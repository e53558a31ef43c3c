import { colorSwatch } from '../lib/profile';
import './Avatar.css';

export interface AvatarProps {
  username: string;
  color: string;
  size?: number;
  /** Accessible name; without one the avatar is decorative. */
  label?: string;
  className?: string;
}

/**
 * A user's avatar. For now a circle in the profile colour with the first
 * letter of the username; the 14 preset drawings come later.
 */
export function Avatar({ username, color, size = 40, label, className = '' }: AvatarProps) {
  const swatch = colorSwatch(color);
  const letter = (username.trim()[0] ?? '?').toUpperCase();
  return (
    <span
      className={`avatar ${className}`}
      style={{ width: size, height: size, background: swatch.background, color: swatch.text, fontSize: size * 0.44 }}
      role={label ? 'img' : undefined}
      aria-label={label}
      aria-hidden={label ? undefined : true}
      data-color={color}
    >
      {letter}
    </span>
  );
}

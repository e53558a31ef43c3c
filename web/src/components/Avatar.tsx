import { useState, type CSSProperties, type ReactNode } from 'react';
import { colorSwatch } from '../lib/profile';
import { isPresetAvatar, presetAvatarDrawings } from './avatars/presets';
import './Avatar.css';

export interface AvatarProps {
  username: string;
  color: string;
  size?: number;
  /** Accessible name; without one the avatar is decorative. */
  label?: string;
  className?: string;
  /** A preset name (`bear`, `bird`, ...) or `custom` for the uploaded image. */
  avatar?: string;
  /** The uploaded image's address (`channelAssetUrls.avatar`), used when avatar is `custom`. */
  imageUrl?: string;
  /** A 3px ring of the profile colour around the avatar, with a small gap. */
  ring?: boolean;
}

/** The grey of a custom image that failed to load. */
export const AVATAR_FALLBACK_GREY = '#6b6f7b';

type Kind = 'image' | 'fallback' | 'preset' | 'letter';

/**
 * A user's avatar (spec 14): the uploaded image when avatar is `custom` (a
 * grey circle if it fails to load), else the named preset drawing on the
 * profile colour, else the username's first letter on the profile colour.
 */
export function Avatar({
  username,
  color,
  size = 40,
  label,
  className = '',
  avatar,
  imageUrl,
  ring = false,
}: AvatarProps) {
  const swatch = colorSwatch(color);
  // Remember which address failed, so a new address gets a fresh try.
  const [failedUrl, setFailedUrl] = useState<string | null>(null);

  let kind: Kind;
  if (avatar === 'custom' && imageUrl) kind = failedUrl === imageUrl ? 'fallback' : 'image';
  else if (isPresetAvatar(avatar)) kind = 'preset';
  else kind = 'letter';

  let content: ReactNode = null;
  if (kind === 'image') {
    content = (
      <img
        className="avatar__image"
        src={imageUrl}
        alt=""
        loading="lazy"
        decoding="async"
        onError={() => setFailedUrl(imageUrl ?? null)}
      />
    );
  } else if (kind === 'preset' && isPresetAvatar(avatar)) {
    const Drawing = presetAvatarDrawings[avatar];
    content = <Drawing />;
  } else if (kind === 'letter') {
    content = (username.trim()[0] ?? '?').toUpperCase();
  }

  const background = kind === 'image' || kind === 'fallback' ? AVATAR_FALLBACK_GREY : swatch.background;
  const classes = ['avatar', `avatar--${kind}`, ring ? 'avatar--ring' : '', className].filter(Boolean).join(' ');
  const style = {
    width: size,
    height: size,
    background,
    color: swatch.text,
    fontSize: size * 0.44,
    '--avatar-ring': swatch.background,
  } as CSSProperties;

  return (
    <span
      className={classes}
      style={style}
      role={label ? 'img' : undefined}
      aria-label={label}
      aria-hidden={label ? undefined : true}
      data-color={color}
      data-avatar={avatar}
      data-avatar-kind={kind}
    >
      {content}
    </span>
  );
}

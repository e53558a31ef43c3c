import { useState } from 'react';
import { colorSwatch } from '../lib/profile';
import './Banner.css';

/** `hex` (#rgb or #rrggbb) mixed with `amount` (0..1) of black. */
export function darkShade(hex: string, amount = 0.45): string {
  let h = hex.replace('#', '');
  if (h.length === 3) h = [...h].map((c) => c + c).join('');
  const n = Number.parseInt(h, 16);
  if (h.length !== 6 || Number.isNaN(n)) return hex;
  const keep = 1 - amount;
  const channel = (shift: number) => Math.round(((n >> shift) & 0xff) * keep);
  return `#${[16, 8, 0].map((s) => channel(s).toString(16).padStart(2, '0')).join('')}`;
}

export interface BannerProps {
  color: string;
  imageUrl?: string;
  className?: string;
}

/**
 * A channel's 16:9 banner (spec 14): the uploaded image, or a block of the
 * profile colour's dark shade when there is none or it fails to load.
 */
export function Banner({ color, imageUrl, className = '' }: BannerProps) {
  // Remember which address failed, so a new address gets a fresh try.
  const [failedUrl, setFailedUrl] = useState<string | null>(null);
  const showImage = Boolean(imageUrl) && failedUrl !== imageUrl;
  return (
    <div
      className={`banner ${className}`.trim()}
      style={{ background: darkShade(colorSwatch(color).background) }}
      data-testid="banner"
      data-color={color}
    >
      {showImage && (
        <img
          className="banner__image"
          src={imageUrl}
          alt=""
          loading="lazy"
          decoding="async"
          onError={() => setFailedUrl(imageUrl ?? null)}
        />
      )}
    </div>
  );
}

// Canvas drawing cannot use CSS variables, so the charts read the theme's
// colours (src/app/theme.css) when they draw; a theme switch shows on the next draw.

/** The value of a theme colour variable, or the fallback outside a styled document. */
export function themeColor(name: string, fallback: string): string {
  const value = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
  return value || fallback;
}

/** "#3f8cff" at alpha 0.3 -> "rgba(63, 140, 255, 0.3)"; other colour syntaxes are returned as they are. */
export function withAlpha(color: string, alpha: number): string {
  const hex = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(color.trim())?.[1];
  if (!hex) return color;
  const full = hex.length === 3 ? [...hex].map((c) => c + c).join('') : hex;
  const [r, g, b] = [0, 2, 4].map((i) => parseInt(full.slice(i, i + 2), 16));
  return `rgba(${r}, ${g}, ${b}, ${alpha})`;
}

// Count abbreviation (spec 14): below 1000 as is; above, one decimal with
// K, M or B and a trailing ".0" dropped (1000 -> "1K", 1_950_000 -> "1.9M").

const units = [
  { value: 1e9, suffix: 'B' },
  { value: 1e6, suffix: 'M' },
  { value: 1e3, suffix: 'K' },
] as const;

/**
 * The decimal is truncated, not rounded, so a count is never shown larger
 * than it is (1999 -> "1.9K", 999_999 -> "999.9K").
 */
export function abbreviateCount(n: number): string {
  if (!Number.isFinite(n)) return '0';
  const sign = n < 0 ? '-' : '';
  const abs = Math.abs(Math.trunc(n));
  if (abs < 1000) return `${sign}${abs}`;
  for (const { value, suffix } of units) {
    if (abs >= value) {
      const tenths = Math.floor((abs * 10) / value);
      const whole = Math.floor(tenths / 10);
      const decimal = tenths % 10;
      return `${sign}${whole}${decimal ? `.${decimal}` : ''}${suffix}`;
    }
  }
  return `${sign}${abs}`;
}

import { describe, expect, it } from 'vitest';
import { abbreviateCount } from './abbreviate';

describe('abbreviateCount', () => {
  it.each([
    [0, '0'],
    [7, '7'],
    [999, '999'],
    [1000, '1K'],
    [1049, '1K'],
    [1100, '1.1K'],
    [1999, '1.9K'],
    [999_999, '999.9K'],
    [1_000_000, '1M'],
    [1_900_000, '1.9M'],
    [2_500_000_000, '2.5B'],
    [-1500, '-1.5K'],
  ])('%d -> %s', (n, s) => {
    expect(abbreviateCount(n)).toBe(s);
  });
});

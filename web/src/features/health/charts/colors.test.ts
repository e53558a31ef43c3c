import { describe, expect, it } from 'vitest';
import { themeColor, withAlpha } from './colors';

describe('withAlpha', () => {
  it.each([
    ['#3f8cff', 0.4, 'rgba(63, 140, 255, 0.4)'],
    ['#FFF', 1, 'rgba(255, 255, 255, 1)'],
    [' #000000 ', 0, 'rgba(0, 0, 0, 0)'],
    ['rgb(1 2 3)', 0.5, 'rgb(1 2 3)'],
    ['red', 0.5, 'red'],
  ])('%s at %d -> %s', (color, alpha, want) => expect(withAlpha(color, alpha)).toBe(want));
});

describe('themeColor', () => {
  it('reads the variable from the document', () => {
    document.documentElement.style.setProperty('--chart-test', ' #123456 ');
    expect(themeColor('--chart-test', '#000')).toBe('#123456');
    document.documentElement.style.removeProperty('--chart-test');
  });
  it('falls back when unset', () => expect(themeColor('--chart-missing', '#abcdef')).toBe('#abcdef'));
});

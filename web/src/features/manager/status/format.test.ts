import { describe, expect, it } from 'vitest';
import type { StreamSession } from '../../../lib/types';
import { formatElapsed, lastConcurrentViews } from './format';

describe('formatElapsed', () => {
  it.each([
    [0, '00:00:00'],
    [999, '00:00:00'],
    [59_000, '00:00:59'],
    [(3600 + 2 * 60 + 3) * 1000, '01:02:03'],
    [100 * 3600 * 1000, '100:00:00'],
    [-5000, '00:00:00'],
  ])('%i ms -> %s', (ms, text) => expect(formatElapsed(ms)).toBe(text));
});

describe('lastConcurrentViews', () => {
  const withViews = (data: number[]) =>
    ({ metrics: [{ label: 'ConcurrentViews', data, period: 5, alignedStartTime: '', alignedEndTime: '', average: null }] }) as unknown as StreamSession;
  it('is the last data value, rounded', () => expect(lastConcurrentViews(withViews([1, 4.6]))).toBe(5));
  it('is null without data or without the metric', () => {
    expect(lastConcurrentViews(withViews([]))).toBeNull();
    expect(lastConcurrentViews(undefined)).toBeNull();
    expect(lastConcurrentViews({ metrics: [] } as unknown as StreamSession)).toBeNull();
  });
});

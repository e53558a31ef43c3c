import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { act, renderHook } from '@testing-library/react';
import { useMinimumPending } from './useMinimumPending';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('useMinimumPending', () => {
  it('holds a short pending state for the minimum time', () => {
    const { result, rerender } = renderHook(({ pending }) => useMinimumPending(pending, 500), {
      initialProps: { pending: true },
    });
    expect(result.current).toBe(true);
    act(() => vi.advanceTimersByTime(100));
    rerender({ pending: false });
    expect(result.current).toBe(true);
    act(() => vi.advanceTimersByTime(399));
    expect(result.current).toBe(true);
    act(() => vi.advanceTimersByTime(1));
    expect(result.current).toBe(false);
  });

  it('ends at once when pending lasted longer than the minimum', () => {
    const { result, rerender } = renderHook(({ pending }) => useMinimumPending(pending, 500), {
      initialProps: { pending: true },
    });
    act(() => vi.advanceTimersByTime(800));
    rerender({ pending: false });
    expect(result.current).toBe(false);
  });

  it('is never on when nothing was pending (cached data)', () => {
    const { result, rerender } = renderHook(({ pending }) => useMinimumPending(pending, 500), {
      initialProps: { pending: false },
    });
    expect(result.current).toBe(false);
    rerender({ pending: false });
    expect(result.current).toBe(false);
  });

  it('holds again when a new pending state starts', () => {
    const { result, rerender } = renderHook(({ pending }) => useMinimumPending(pending, 500), {
      initialProps: { pending: false },
    });
    rerender({ pending: true });
    expect(result.current).toBe(true);
    rerender({ pending: false });
    expect(result.current).toBe(true);
    act(() => vi.advanceTimersByTime(500));
    expect(result.current).toBe(false);
  });
});

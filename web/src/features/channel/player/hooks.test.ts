import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, renderHook } from '@testing-library/react';
import { aspectRatio, useAutoHide, volumeLevel } from './hooks';

afterEach(() => {
  vi.useRealTimers();
});

describe('player helpers', () => {
  it('volume icon: low at 0 or muted, medium below 50, else high', () => {
    expect(volumeLevel(0, false)).toBe('low');
    expect(volumeLevel(80, true)).toBe('low');
    expect(volumeLevel(49, false)).toBe('medium');
    expect(volumeLevel(50, false)).toBe('high');
  });

  it('aspect ratio: ingest size, else the video, else 16:9', () => {
    expect(aspectRatio({ videoWidth: 720, videoHeight: 1280 }, { width: 640, height: 360 })).toBe(720 / 1280);
    expect(aspectRatio(undefined, { width: 640, height: 480 })).toBe(640 / 480);
    expect(aspectRatio(undefined, { width: 0, height: 0 })).toBe(16 / 9);
  });

  it('controls hide 3 s after the last movement while they may, and show again on movement', () => {
    vi.useFakeTimers();
    const { result, rerender } = renderHook(({ canHide }) => useAutoHide(canHide), { initialProps: { canHide: true } });
    expect(result.current.visible).toBe(true);
    act(() => vi.advanceTimersByTime(2999));
    expect(result.current.visible).toBe(true);
    act(() => vi.advanceTimersByTime(1));
    expect(result.current.visible).toBe(false);
    act(() => result.current.poke());
    expect(result.current.visible).toBe(true);
    // Paused (or a popup open): always shown.
    rerender({ canHide: false });
    act(() => vi.advanceTimersByTime(10_000));
    expect(result.current.visible).toBe(true);
  });
});

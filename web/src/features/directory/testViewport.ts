// Test helper (not used by the app): a matchMedia that answers min-/max-width
// queries for a chosen viewport width and can be resized.
import { act } from '@testing-library/react';
import { vi } from 'vitest';

type Listener = (e: { matches: boolean; media: string }) => void;

function matches(query: string, width: number): boolean {
  const parts = query.split(/\s+and\s+/i).map((p) => p.trim());
  return parts.every((part) => {
    const m = /^\((min|max)-width:\s*([\d.]+)px\)$/.exec(part);
    if (!m) return false; // other features (reduced motion, hover, ...) do not match
    const px = Number(m[2]);
    return m[1] === 'min' ? width >= px : width <= px;
  });
}

/** Stubs window.matchMedia for a viewport `width` px wide; `resize` changes it and notifies listeners. */
export function mockViewport(width: number) {
  let current = width;
  const listeners = new Map<Listener, string>();
  vi.stubGlobal('matchMedia', (query: string) => ({
    media: query,
    get matches() {
      return matches(query, current);
    },
    onchange: null,
    addEventListener: (_type: string, l: Listener) => listeners.set(l, query),
    removeEventListener: (_type: string, l: Listener) => listeners.delete(l),
    addListener: (l: Listener) => listeners.set(l, query),
    removeListener: (l: Listener) => listeners.delete(l),
    dispatchEvent: () => false,
  }));
  return {
    resize(next: number) {
      current = next;
      act(() => {
        for (const [l, query] of [...listeners]) l({ matches: matches(query, current), media: query });
      });
    },
  };
}

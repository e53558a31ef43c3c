import '@testing-library/jest-dom/vitest';
import { cleanup } from '@testing-library/react';
import { afterEach, vi } from 'vitest';

// No test opens a WebSocket: the realtime client is a fake tests drive.
vi.mock('centrifuge', () => import('./fakeCentrifuge'));

afterEach(() => {
  cleanup();
  localStorage.clear();
  sessionStorage.clear();
});

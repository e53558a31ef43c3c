import '@testing-library/jest-dom/vitest';
import { cleanup, configure } from '@testing-library/react';
import { afterEach, vi } from 'vitest';

// CI shares two cores with other suites: a findBy/waitFor that is fine in
// 100 ms on a quiet machine can take seconds there. Waiting longer changes
// no assertion, it only stops a slow render from reading as a failure.
configure({ asyncUtilTimeout: 5000 });

// No test opens a WebSocket: the realtime client is a fake tests drive.
vi.mock('centrifuge', () => import('./fakeCentrifuge'));

afterEach(() => {
  cleanup();
  localStorage.clear();
  sessionStorage.clear();
});

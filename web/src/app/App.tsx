import { useState, type ReactNode } from 'react';
import { createBrowserRouter, RouterProvider } from 'react-router';
import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import { Button } from '../components/Button';
import { EmptyState } from '../components/EmptyState';
import { ErrorBoundary } from '../components/ErrorBoundary';
import { FullScreenLoader } from '../components/Spinner';
import { ToastProvider } from '../components/Toast';
import { AlertIcon } from '../components/icons';
import { AppRoutes } from './AppRoutes';
import { createQueryClient } from './queryClient';
import { RealtimeProvider } from './realtime';
import { SessionProvider, useSession } from './session';

/** Everything but the router; tests wrap it in a memory router. */
export function Providers({ client, children }: { client: QueryClient; children: ReactNode }) {
  return (
    <QueryClientProvider client={client}>
      <ToastProvider>
        <SessionProvider>
          <RealtimeProvider>
            <SessionGate>{children}</SessionGate>
          </RealtimeProvider>
        </SessionProvider>
      </ToastProvider>
    </QueryClientProvider>
  );
}

/** Holds the pages back until the session check has answered. */
function SessionGate({ children }: { children: ReactNode }) {
  const { status, retry } = useSession();
  if (status === 'loading') return <FullScreenLoader />;
  if (status === 'error') {
    return (
      <div className="page">
        <EmptyState
          icon={<AlertIcon size={24} />}
          title="Onair is not reachable"
          action={<Button onClick={retry}>Try again</Button>}
        >
          An unexpected error occurred, please try again later
        </EmptyState>
      </div>
    );
  }
  return <>{children}</>;
}

/**
 * A data router (needed by useBlocker, which guards leaving a live
 * broadcast) whose one splat route renders the route table.
 */
export function App() {
  const [client] = useState(createQueryClient);
  const [router] = useState(() =>
    createBrowserRouter([
      {
        path: '*',
        element: (
          <Providers client={client}>
            <AppRoutes />
          </Providers>
        ),
      },
    ]),
  );
  return (
    <ErrorBoundary>
      <RouterProvider router={router} />
    </ErrorBoundary>
  );
}

// The signed-in user, checked once with GET /auth/session and then kept in
// the TanStack Query cache under sessionKey.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useLocation } from 'react-router';
import { api } from '../lib/api';
import type { Me } from '../lib/types';
import { forgetPendingFollow } from './followAfterLogin';
import { forgetLocation, isAuthPath, isProtectedPath, type SessionEnd } from './returnTo';

export const sessionKey = ['session'] as const;

export type SessionStatus = 'loading' | 'error' | 'signedIn' | 'signedOut';

interface SessionValue {
  status: SessionStatus;
  user: Me | null;
  /** How the last session ended, while the redirect it causes is pending. */
  endedBy: SessionEnd;
  retry: () => void;
  /** Stores the user returned by a successful sign-in. */
  signedIn: (user: Me) => void;
  /** "Log out": ends the session on the server and forgets everything local. */
  signOut: () => Promise<void>;
  /** The account is gone: forget everything local. */
  accountDeleted: () => void;
  updateUser: (patch: Partial<Me>) => void;
}

const SessionContext = createContext<SessionValue | null>(null);

/** Drops every cached query but the session, and all local storage. */
export function forgetUserData(client: QueryClient) {
  client.removeQueries({ predicate: (q) => q.queryKey[0] !== sessionKey[0] });
  try {
    localStorage.clear();
  } catch {
    // storage unavailable: nothing stored
  }
  forgetLocation();
  forgetPendingFollow();
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const client = useQueryClient();
  const location = useLocation();
  const [endedBy, setEndedBy] = useState<SessionEnd>(null);
  const query = useQuery({
    queryKey: sessionKey,
    queryFn: api.auth.session,
    staleTime: Infinity,
    retry: 1,
  });

  const user = query.data ?? null;
  let status: SessionStatus;
  if (query.isPending) status = 'loading';
  else if (query.isError && query.data === undefined) status = 'error';
  else status = user ? 'signedIn' : 'signedOut';

  // The sign-out redirect is done once the user is on a page that does not need a session.
  useEffect(() => {
    if (endedBy && !isProtectedPath(location.pathname)) setEndedBy(null);
  }, [endedBy, location.pathname]);

  // Once signed in and past the sign-in pages, the remembered location has served its purpose.
  useEffect(() => {
    if (status === 'signedIn' && !isAuthPath(location.pathname)) forgetLocation();
  }, [status, location.pathname]);

  const signedIn = useCallback(
    (u: Me) => {
      setEndedBy(null);
      client.setQueryData(sessionKey, u);
    },
    [client],
  );

  const signOut = useCallback(async () => {
    try {
      await api.auth.signOut();
    } catch {
      // The cookie may already be gone; signing out locally is what matters.
    }
    forgetUserData(client);
    setEndedBy('logout');
    client.setQueryData(sessionKey, null);
  }, [client]);

  const accountDeleted = useCallback(() => {
    forgetUserData(client);
    setEndedBy('deleted');
    client.setQueryData(sessionKey, null);
  }, [client]);

  const updateUser = useCallback(
    (patch: Partial<Me>) => {
      client.setQueryData<Me | null>(sessionKey, (old) => (old ? { ...old, ...patch } : old));
    },
    [client],
  );

  const value = useMemo<SessionValue>(
    () => ({
      status,
      user,
      endedBy,
      retry: () => void query.refetch(),
      signedIn,
      signOut,
      accountDeleted,
      updateUser,
    }),
    [status, user, endedBy, query, signedIn, signOut, accountDeleted, updateUser],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const v = useContext(SessionContext);
  if (!v) throw new Error('useSession outside SessionProvider');
  return v;
}

/** The signed-in user; only for pages behind RequireAuth. */
export function useUser(): Me {
  const { user } = useSession();
  if (!user) throw new Error('useUser without a session');
  return user;
}

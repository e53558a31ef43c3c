// The one realtime connection of the page (lib/realtime.ts), made for the
// signed-in user (or anonymous) and remade when the user changes.
import { createContext, useCallback, useContext, useEffect, useRef, useState, useSyncExternalStore, type ReactNode } from 'react';
import { Realtime, type ConnectionStatus, type SubscriptionStatus } from '../lib/realtime';
import { useSession } from './session';

const RealtimeContext = createContext<(() => Realtime) | null>(null);

export function RealtimeProvider({ children }: { children: ReactNode }) {
  const { user } = useSession();
  const key = user?.id ?? '';
  const current = useRef<{ key: string; rt: Realtime } | null>(null);
  const get = useCallback(() => {
    if (!current.current || current.current.key !== key) {
      current.current?.rt.close();
      current.current = { key, rt: new Realtime({ signedIn: key !== '' }) };
    }
    return current.current.rt;
  }, [key]);
  useEffect(
    () => () => {
      current.current?.rt.close();
      current.current = null;
    },
    [],
  );
  return <RealtimeContext.Provider value={get}>{children}</RealtimeContext.Provider>;
}

function useRealtimeGetter(): () => Realtime {
  const get = useContext(RealtimeContext);
  if (!get) throw new Error('realtime used outside RealtimeProvider');
  return get;
}

/** Where the page's connection stands. */
export function useConnectionStatus(): ConnectionStatus {
  const get = useRealtimeGetter();
  return useSyncExternalStore(
    useCallback((fn) => get().onStatus(fn), [get]),
    () => get().getStatus(),
  );
}

/**
 * Listens to a channel (null: none) while mounted and returns the
 * subscription's status. The handler may change between renders.
 */
export function useSubscription<T>(channel: string | null, onPublication: (data: T) => void): SubscriptionStatus | null {
  const get = useRealtimeGetter();
  const handler = useRef(onPublication);
  handler.current = onPublication;
  const [status, setStatus] = useState<SubscriptionStatus | null>(null);
  useEffect(() => {
    if (!channel) {
      setStatus(null);
      return;
    }
    return get().subscribe<T>(channel, {
      onPublication: (data) => handler.current(data),
      onStatus: setStatus,
    });
  }, [get, channel]);
  return channel ? status : null;
}

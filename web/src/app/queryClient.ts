import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { isApiError } from '../lib/api';

const sessionKeyName = 'session';

/**
 * The app's query client. A 401 from any call but the session check means
 * the session ended elsewhere (signed out, password changed): the app then
 * treats the user as signed out.
 */
export function createQueryClient(): QueryClient {
  const onError = (err: unknown, key?: readonly unknown[]) => {
    if (isApiError(err) && err.status === 401 && key?.[0] !== sessionKeyName) {
      client.setQueryData([sessionKeyName], null);
    }
  };
  const client: QueryClient = new QueryClient({
    queryCache: new QueryCache({ onError: (err, query) => onError(err, query.queryKey) }),
    mutationCache: new MutationCache({ onError: (err) => onError(err) }),
    defaultOptions: {
      queries: {
        // Client errors (4xx) are answers, not glitches: do not retry them.
        retry: (count, err) => !(isApiError(err) && err.status >= 400 && err.status < 500) && count < 2,
        refetchOnWindowFocus: false,
      },
      mutations: { retry: false },
    },
  });
  return client;
}

import { useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api';

export const webhooksKey = ['webhooks'] as const;

export const deliveriesKey = (id: string) => ['webhooks', id, 'deliveries'] as const;

/** The signed-in user's webhook endpoints (GET /channel/webhooks). */
export function useWebhooks() {
  return useQuery({ queryKey: webhooksKey, queryFn: api.webhooks.list });
}

/** How often an open delivery log asks for new attempts. */
export const DELIVERY_LOG_REFRESH_MS = 5000;

/** One endpoint's delivery log, newest first; refreshed while it is shown. */
export function useDeliveries(id: string) {
  return useQuery({
    queryKey: deliveriesKey(id),
    queryFn: () => api.webhooks.deliveries(id),
    refetchInterval: DELIVERY_LOG_REFRESH_MS,
  });
}

import { useQuery } from '@tanstack/react-query';
import { api } from '../../lib/api';

export const ownChannelKey = ['channel', 'own'] as const;

/** The signed-in user's channel, with its stream key (GET /channel). */
export function useOwnChannel() {
  return useQuery({ queryKey: ownChannelKey, queryFn: api.channel.own });
}

import { useQuery } from '@tanstack/react-query';
import { api } from '../../lib/api';

export const followingQueryKey = ['following'] as const;

/** The followed channels (max 50), fetched again on every visit to `/` or `/following` (spec 2.3). */
export function useFollowingQuery() {
  return useQuery({
    queryKey: followingQueryKey,
    queryFn: api.following.list,
    refetchOnMount: 'always',
  });
}

/** Copy of a failed following list (spec 2.3, 2.6). */
export const FOLLOWING_LOAD_FAILED = 'Failed to load channels';
export const FOLLOWING_ERROR_TOAST = 'Error loading channels';
export const NO_CHANNELS_FOLLOWED = 'No channels followed';

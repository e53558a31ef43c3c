import { useEffect, useRef, useState } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Spinner } from '../../components/Spinner';
import { useToast } from '../../components/Toast';
import { HeartIcon } from '../../components/icons';
import { rememberFollow, takePendingFollow } from '../../app/followAfterLogin';
import { rememberLocation } from '../../app/returnTo';
import { useSession } from '../../app/session';
import { api } from '../../lib/api';
import { colorSwatch } from '../../lib/profile';
import type { PublicChannel } from '../../lib/types';

import './FollowButton.css';

/** Clicks closer together than this are ignored (spec 2.4). */
const THROTTLE_MS = 200;
/** The spinner shows only when the request takes longer than this. */
const SPINNER_DELAY_MS = 200;

/**
 * Follow / Unfollow (spec 2.4). Hidden on your own channel and until the
 * follow state is known; signed-out users go to /login and the follow is
 * sent for them when they come back.
 */
export function FollowButton({
  channel: c,
  queryKey,
  showLabel,
}: {
  channel: PublicChannel;
  queryKey: readonly unknown[];
  showLabel: boolean;
}) {
  const { user, status } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const toast = useToast();
  const client = useQueryClient();
  const lastClick = useRef(0);
  const [justFollowed, setJustFollowed] = useState(false);
  const [slow, setSlow] = useState(false);

  const mutation = useMutation({
    mutationFn: (follow: boolean) => (follow ? api.following.follow(c.username) : api.following.unfollow(c.username)),
    onSuccess: (_, follow) => {
      setJustFollowed(follow);
      client.setQueryData<PublicChannel>(queryKey, (old) => (old ? { ...old, isViewerFollowing: follow } : old));
      void client.invalidateQueries({ queryKey: ['following'] });
    },
    onError: (_, follow) => toast.error(follow ? 'Failed to follow user' : 'Failed to unfollow user'),
    onSettled: () => client.invalidateQueries({ queryKey }),
  });
  const { mutate, isPending } = mutation;

  useEffect(() => {
    if (!isPending) return setSlow(false);
    const t = window.setTimeout(() => setSlow(true), SPINNER_DELAY_MS);
    return () => window.clearTimeout(t);
  }, [isPending]);

  // Back from /login: send the follow the signed-out click asked for.
  const own = user !== null && user.id === c.userId;
  useEffect(() => {
    if (!user || c.isViewerFollowing === null) return;
    if (!takePendingFollow(c.username)) return;
    if (!own && !c.isViewerFollowing) mutate(true);
  }, [user, own, c.username, c.isViewerFollowing, mutate]);

  if (status === 'loading' || own) return null;
  if (user && c.isViewerFollowing === null) return null;

  const following = user !== null && c.isViewerFollowing === true;
  const onClick = () => {
    const now = Date.now();
    if (now - lastClick.current < THROTTLE_MS || isPending) return;
    lastClick.current = now;
    if (!user) {
      rememberLocation(location);
      rememberFollow(c.username);
      navigate('/login');
      return;
    }
    mutate(!following);
  };

  const swatch = colorSwatch(c.color);
  const tooltip = following ? (justFollowed ? 'Following' : 'Unfollow') : undefined;
  return (
    <button
      type="button"
      className={`follow-button${following ? ' follow-button--following' : ''}${showLabel ? '' : ' follow-button--icon'}`}
      style={following ? undefined : { background: swatch.background, color: swatch.text }}
      aria-label={following ? 'Unfollow channel' : 'Follow channel'}
      title={tooltip}
      data-tooltip={tooltip}
      aria-busy={isPending}
      onClick={onClick}
      onMouseLeave={() => setJustFollowed(false)}
    >
      {slow ? (
        <Spinner size={16} label={following ? 'Unfollowing' : 'Following'} />
      ) : (
        <>
          <HeartIcon className="follow-button__heart" size={18} fill={following ? 'currentColor' : 'none'} />
          <span className="follow-button__unfollow" aria-hidden="true">
            <HeartBrokenIcon />
          </span>
        </>
      )}
      {showLabel && !following && <span className="follow-button__label">Follow</span>}
    </button>
  );
}

function HeartBrokenIcon() {
  return (
    <svg width={18} height={18} viewBox="0 0 24 24" fill="currentColor" stroke="currentColor" strokeWidth={2} strokeLinejoin="round" aria-hidden="true" focusable="false">
      <path d="M20.84 4.61a5.5 5.5 0 0 0-7.78 0L12 5.67l-1.06-1.06a5.5 5.5 0 0 0-7.78 7.78l1.06 1.06L12 21.23l7.78-7.78 1.06-1.06a5.5 5.5 0 0 0 0-7.78z" />
      <polyline points="12 5.7 10 10 14 13 12 17" fill="none" stroke="var(--bg-raised, #1f2026)" />
    </svg>
  );
}

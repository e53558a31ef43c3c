// The directory's "Following" section (spec 2.3): the first followed channels
// as avatars in a paged carousel, "View all" beyond MAX_AVATAR_COUNT.
import { useRef, useState, type CSSProperties, type KeyboardEvent, type ReactNode } from 'react';
import { flushSync } from 'react-dom';
import { Link } from 'react-router';
import { Avatar } from '../../components/Avatar';
import { Button } from '../../components/Button';
import { isChannelLive } from '../../components/ChannelCard';
import { EmptyState } from '../../components/EmptyState';
import { Spinner } from '../../components/Spinner';
import { AlertIcon } from '../../components/icons';
import { useMediaQuery } from '../../lib/useMediaQuery';
import type { ChannelCard } from '../../lib/types';
import {
  FOLLOWING_ERROR_TOAST,
  FOLLOWING_LOAD_FAILED,
  NO_CHANNELS_FOLLOWED,
  useFollowingQuery,
} from '../following/queries';
import { lgQuery, smQuery, useAvatarsPerFrame } from './breakpoints';
import { ChevronLeftIcon, ChevronRightIcon, RobotIcon } from '../../components/icons';
import { useErrorToast } from './useErrorToast';
import { useMinimumPending } from './useMinimumPending';
import './FollowingCarousel.css';

/** Followed channels shown as avatars; more than this adds a "View all" tile. */
export const MAX_AVATAR_COUNT = 14;
/** The shortest time the loading spinner shows, so a fast answer does not flicker. */
export const MIN_SPINNER_MS = 500;

const titleId = 'directory-following';

/** The section, for signed-in users only. */
export function FollowingSection() {
  const query = useFollowingQuery();
  const loading = useMinimumPending(query.isPending, MIN_SPINNER_MS);
  const desktop = useMediaQuery(lgQuery);
  useErrorToast(query, FOLLOWING_ERROR_TOAST);

  let content: ReactNode;
  if (loading) {
    content = (
      <div className="directory-section__loading">
        <Spinner label="Loading followed channels" />
      </div>
    );
  } else if (query.data && query.data.channels.length > 0) {
    return (
      <section className="directory-section" aria-labelledby={titleId}>
        <FollowingCarousel channels={query.data.channels} />
      </section>
    );
  } else if (query.data) {
    content = <EmptyState icon={<RobotIcon size={24} />} title={NO_CHANNELS_FOLLOWED} />;
  } else {
    content = (
      <EmptyState
        icon={<AlertIcon size={24} />}
        title={FOLLOWING_LOAD_FAILED}
        action={
          desktop ? (
            <Button variant="secondary" size="s" loading={query.isFetching} onClick={() => void query.refetch()}>
              Try again
            </Button>
          ) : undefined
        }
      />
    );
  }

  return (
    <section className="directory-section" aria-labelledby={titleId}>
      <header className="page__header directory-section__header">
        <h2 id={titleId}>Following</h2>
      </header>
      {content}
    </section>
  );
}

/**
 * Pages of `perFrame` avatars. Only the current frame is focusable, and Tab
 * past its last item (Shift+Tab before its first) turns the page, so the
 * keyboard walks every followed channel in order. The frame index is kept
 * across resizes, clamped to the frames there are.
 */
function FollowingCarousel({ channels }: { channels: ChannelCard[] }) {
  const perFrame = useAvatarsPerFrame();
  const wide = useMediaQuery(smQuery);
  const avatarSize = wide ? 88 : 72;

  const shown = channels.slice(0, MAX_AVATAR_COUNT);
  const viewAll = channels.length > MAX_AVATAR_COUNT;
  const itemCount = shown.length + (viewAll ? 1 : 0);
  const frameCount = Math.max(1, Math.ceil(itemCount / perFrame));

  const [requestedFrame, setRequestedFrame] = useState(0);
  const frame = Math.min(requestedFrame, frameCount - 1);
  const items = useRef<(HTMLAnchorElement | null)[]>([]);

  const isFirst = frame === 0;
  const isLast = frame === frameCount - 1;

  /** Shows `target`; with `focusIndex`, moves focus there once that frame is focusable. */
  const goTo = (target: number, focusIndex?: number) => {
    const next = Math.max(0, Math.min(target, frameCount - 1));
    if (focusIndex === undefined) {
      setRequestedFrame(next);
      return;
    }
    flushSync(() => setRequestedFrame(next));
    items.current[focusIndex]?.focus({ preventScroll: true });
  };

  const onItemKeyDown = (index: number) => (e: KeyboardEvent<HTMLAnchorElement>) => {
    if (e.key !== 'Tab' || e.altKey || e.ctrlKey || e.metaKey) return;
    const itemFrame = Math.floor(index / perFrame);
    if (!e.shiftKey && (index + 1) % perFrame === 0 && index < itemCount - 1) {
      e.preventDefault();
      goTo(itemFrame + 1, index + 1);
    } else if (e.shiftKey && index % perFrame === 0 && index > 0) {
      e.preventDefault();
      goTo(itemFrame - 1, index - 1);
    }
  };

  /** Props shared by every item: focusable only in the current frame. */
  const itemProps = (index: number) => {
    const visible = Math.floor(index / perFrame) === frame;
    return {
      visible,
      link: {
        ref: (el: HTMLAnchorElement | null) => {
          items.current[index] = el;
        },
        tabIndex: visible ? undefined : -1,
        onKeyDown: onItemKeyDown(index),
      },
    };
  };

  const viewAllItem = itemProps(shown.length);
  const trackStyle = {
    '--per-frame': perFrame,
    transform: `translateX(${-100 * frame}%)`,
  } as CSSProperties;

  return (
    <>
      <header className="page__header directory-section__header directory-section__header--row">
        <h2 id={titleId}>Following</h2>
        <div className="following-carousel__controls">
          <button
            type="button"
            className="following-carousel__arrow"
            aria-label="Go to previous page"
            aria-disabled={isFirst || undefined}
            onClick={() => !isFirst && goTo(frame - 1)}
          >
            <ChevronLeftIcon size={20} />
          </button>
          <button
            type="button"
            className="following-carousel__arrow"
            aria-label="Go to next page"
            aria-disabled={isLast || undefined}
            onClick={() => !isLast && goTo(frame + 1)}
          >
            <ChevronRightIcon size={20} />
          </button>
        </div>
      </header>
      <div className="following-carousel">
        <ul className="following-carousel__track" style={trackStyle} aria-labelledby={titleId}>
          {shown.map((channel, index) => {
            const { visible, link } = itemProps(index);
            const live = isChannelLive(channel);
            return (
              <li key={channel.username} className="following-carousel__item" inert={!visible}>
                <Link
                  {...link}
                  to={`/${encodeURIComponent(channel.username)}`}
                  className={`followed-user${live ? ' followed-user--live' : ' followed-user--offline'}`}
                  aria-label={live ? `${channel.username} (live)` : channel.username}
                  data-testid="followed-user"
                  data-live={live}
                >
                  <span className="followed-user__avatar">
                    <Avatar
                      username={channel.username}
                      color={channel.color}
                      size={avatarSize}
                      avatar={channel.avatar}
                      imageUrl={channel.channelAssetUrls.avatar}
                      ring
                    />
                    {live && (
                      <span className="followed-user__live" aria-hidden="true">
                        LIVE
                      </span>
                    )}
                  </span>
                  <span className="followed-user__name">{channel.username}</span>
                </Link>
              </li>
            );
          })}
          {viewAll && (
            <li className="following-carousel__item" inert={!viewAllItem.visible}>
              <Link {...viewAllItem.link} to="/following" className="followed-view-all">
                <span className="followed-view-all__tile" style={{ width: avatarSize, height: avatarSize }}>
                  View all
                </span>
              </Link>
            </li>
          )}
        </ul>
      </div>
      <p className="sr-only" aria-live="polite">
        {frameCount > 1 ? `Page ${frame + 1} of ${frameCount}` : ''}
      </p>
    </>
  );
}

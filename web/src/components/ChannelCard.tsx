import { Link } from 'react-router';
import { colorSwatch } from '../lib/profile';
import type { ChannelCard as ChannelCardData } from '../lib/types';
import { Avatar } from './Avatar';
import { Banner } from './Banner';
import './ChannelCard.css';

export interface ChannelCardProps {
  channel: ChannelCardData;
  /** Show a "LIVE" pill over the banner when the channel is live or on a stage. */
  showLivePill?: boolean;
  /** Show the banner in greyscale when the channel is offline. */
  greyscaleOffline?: boolean;
}

/** Live means streaming or co-hosting on a stage (spec 2.3, 2.6). */
export function isChannelLive(channel: Pick<ChannelCardData, 'isLive' | 'stageId'>): boolean {
  return channel.isLive || Boolean(channel.stageId);
}

/** The directory/following card (spec 2.3): banner, then avatar + username on the profile colour. */
export function ChannelCard({ channel, showLivePill = false, greyscaleOffline = false }: ChannelCardProps) {
  const live = isChannelLive(channel);
  const swatch = colorSwatch(channel.color);
  const offline = greyscaleOffline && !live;
  return (
    <Link
      to={`/${encodeURIComponent(channel.username)}`}
      className={`channel-card${offline ? ' channel-card--offline' : ''}`}
      aria-label={`${channel.username}${live ? ' (live)' : ''}`}
      data-testid="channel-card"
      data-live={live}
    >
      <div className="channel-card__media">
        <Banner color={channel.color} imageUrl={channel.channelAssetUrls.banner} className="channel-card__banner" />
        {showLivePill && live && (
          <span className="channel-card__live" aria-hidden="true">
            Live
          </span>
        )}
      </div>
      <div className="channel-card__bar" style={{ background: swatch.background, color: swatch.text }}>
        <Avatar
          username={channel.username}
          color={channel.color}
          size={32}
          avatar={channel.avatar}
          imageUrl={channel.channelAssetUrls.avatar}
        />
        <span className="channel-card__name">{channel.username}</span>
      </div>
    </Link>
  );
}

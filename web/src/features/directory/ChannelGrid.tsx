import { ChannelCard } from '../../components/ChannelCard';
import type { ChannelCard as ChannelCardData } from '../../lib/types';
import './ChannelGrid.css';

/** Channel cards in a grid: 3 columns, 2 below 990 px, 1 below 576 px (spec 2.3, 2.6). */
export function ChannelGrid({
  channels,
  label,
  showLivePill,
  greyscaleOffline,
}: {
  channels: ChannelCardData[];
  /** The list's accessible name. */
  label: string;
  showLivePill?: boolean;
  greyscaleOffline?: boolean;
}) {
  return (
    <ul className="channel-grid" aria-label={label}>
      {channels.map((channel) => (
        <li key={channel.username} className="channel-grid__item">
          <ChannelCard channel={channel} showLivePill={showLivePill} greyscaleOffline={greyscaleOffline} />
        </li>
      ))}
    </ul>
  );
}

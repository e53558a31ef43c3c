import { Navigate, useNavigate, useParams } from 'react-router';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Avatar } from '../../components/Avatar';
import { Button } from '../../components/Button';
import { EmptyState } from '../../components/EmptyState';
import { Spinner } from '../../components/Spinner';
import { UnavailablePage } from '../../components/UnavailablePage';
import { AlertIcon } from '../../components/icons';
import { api, isApiError } from '../../lib/api';
import { colorSwatch } from '../../lib/profile';
import { channelEvents, inboxChannel } from '../../lib/realtime';
import type { ChannelEvent, InboxEvent, PublicChannel } from '../../lib/types';
import { useSubscription } from '../../app/realtime';
import { useSession } from '../../app/session';
import { Chat } from '../chat/Chat';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import { Player } from './player/Player';
import { ProfileMenu } from './ProfileMenu';
import './ChannelPage.css';

/** How often the channel data (live status, ingest size) is refreshed (spec 2.4). */
export const CHANNEL_POLL_MS = 5000;

export function channelQueryKey(username: string) {
  return ['channels', username.toLowerCase()] as const;
}

/** `/:username` and `/:username/profile` (spec 2.4): player, header and the chat column. */
export function ChannelPage({ profile = false }: { profile?: boolean }) {
  const { username = '' } = useParams();
  const channel = useQuery({
    queryKey: channelQueryKey(username),
    queryFn: () => api.channel.byUsername(username),
    refetchInterval: (q) => (q.state.error && isApiError(q.state.error) && q.state.error.status === 404 ? false : CHANNEL_POLL_MS),
    // A viewer listening in another tab still needs to learn that the stream ended.
    refetchIntervalInBackground: true,
  });
  useDocumentTitle(channel.data?.username ?? username);

  if (channel.isPending) {
    return (
      <div className="channel__loading">
        <Spinner label="Loading channel" />
      </div>
    );
  }
  if (channel.isError && isApiError(channel.error) && channel.error.status === 404) return <UnavailablePage />;
  if (!channel.data) {
    return (
      <div className="page">
        <EmptyState
          icon={<AlertIcon size={24} />}
          title="Channel failed to load"
          action={
            <Button variant="secondary" onClick={() => void channel.refetch()}>
              Try again
            </Button>
          }
        />
      </div>
    );
  }
  // A failed poll keeps the last answer on screen; the next poll tries again.
  return <ChannelView channel={channel.data} profile={profile} />;
}

/**
 * Live channel events: channel:<id> says when the stream starts or ends (the
 * poll stays as a fallback), and the viewer's inbox says when a ban on this
 * channel is lifted or laid.
 */
function useChannelEvents(c: PublicChannel) {
  const client = useQueryClient();
  const { user } = useSession();
  const key = channelQueryKey(c.username);
  useSubscription<ChannelEvent>(c.isViewerBanned ? null : channelEvents(c.channelId), (e) => {
    if (e.type !== 'liveStatus' || e.channelId !== c.channelId) return;
    client.setQueryData<PublicChannel>(key, (old) => (old ? { ...old, isLive: e.isLive } : old));
    // The playback addresses and picture size come with the channel data.
    void client.invalidateQueries({ queryKey: key });
  });
  useSubscription<InboxEvent>(user ? inboxChannel(user.id) : null, (e) => {
    if ((e.type === 'chatBanned' || e.type === 'chatUnbanned') && e.channelId === c.channelId) {
      void client.invalidateQueries({ queryKey: key });
    }
  });
}

function ChannelView({ channel: c, profile }: { channel: PublicChannel; profile: boolean }) {
  const navigate = useNavigate();
  const client = useQueryClient();
  useChannelEvents(c);
  const base = `/${encodeURIComponent(c.username)}`;
  const toggleProfile = () => navigate(profile ? base : `${base}/profile`);
  const avatarButton = (size: number) => (
    <button
      type="button"
      className="player-header__avatar"
      aria-label={profile ? 'Close profile view' : 'Open profile view'}
      onClick={toggleProfile}
    >
      <Avatar username={c.username} color={c.color} size={size} />
    </button>
  );

  const header = profile ? null : (
    <div className="player-header">
      {avatarButton(44)}
      <h1 className="player-header__name">{c.username}</h1>
      {c.isLive && <span className="live-pill">Live</span>}
      {/* The follow button goes here. */}
      <div className="player-header__actions" />
    </div>
  );

  return (
    <div className={`channel${profile ? ' channel--profile' : ''}`}>
      <section className="channel__stage" aria-label="Stream">
        {profile && (
          <header className="channel__hero">
            <div className="channel__banner" style={{ background: colorSwatch(c.color).background }} aria-hidden="true" />
            {avatarButton(100)}
            <div className="channel__identity">
              <h1 className="channel__name">{c.username}</h1>
              {c.isLive && <span className="live-pill">Live</span>}
            </div>
            <div className="player-header__actions" />
            <ProfileMenu channel={c} />
          </header>
        )}
        <div className="channel__player">
          <Player key={c.channelId} channel={c} header={header} pinControls={profile} />
        </div>
      </section>
      <aside className="channel__chat" aria-labelledby="channel-chat-title">
        <header className="channel__chat-header">
          <h2 id="channel-chat-title">Chat</h2>
        </header>
        <div className="channel__chat-body">
          <Chat
            key={`${c.channelId}:${c.isViewerBanned}`}
            channelId={c.channelId}
            ownerId={c.userId}
            banned={c.isViewerBanned}
            onBanned={() => void client.invalidateQueries({ queryKey: channelQueryKey(c.username) })}
          />
        </div>
      </aside>
    </div>
  );
}

/** `/:username/<anything else>` -> `/:username` (replace). */
export function ChannelRedirect() {
  const { username = '' } = useParams();
  return <Navigate to={`/${encodeURIComponent(username)}`} replace />;
}

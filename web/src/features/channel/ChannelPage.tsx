import { useState } from 'react';
import { Navigate, useNavigate, useParams } from 'react-router';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Avatar } from '../../components/Avatar';
import { Banner } from '../../components/Banner';
import { Button } from '../../components/Button';
import { EmptyState } from '../../components/EmptyState';
import { Spinner } from '../../components/Spinner';
import { UnavailablePage } from '../../components/UnavailablePage';
import { AlertIcon } from '../../components/icons';
import { api, isApiError } from '../../lib/api';
import { channelEvents, inboxChannel } from '../../lib/realtime';
import type { ChannelEvent, InboxEvent, PublicChannel } from '../../lib/types';
import type { StageMember } from '../stage/members';
import { MAX_PARTICIPANTS } from '../stage/messages';
import { RequestToJoinButton } from '../stage/RequestToJoinButton';
import { SpectatorStage } from '../stage/SpectatorStage';
import { useSubscription } from '../../app/realtime';
import { useSession } from '../../app/session';
import { Chat } from '../chat/Chat';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import { useMediaQuery } from '../../lib/useMediaQuery';
import { ActionCard, announcement, placementOf, tabLabel, type OverlayContext } from '../overlays/ActionCard';
import { createClockSlot } from '../overlays/clock';
import { useChannelActions } from '../overlays/useChannelActions';
import { useTimedAction } from '../overlays/useTimedAction';
import { ChatColumn } from './ChatColumn';
import { FollowButton } from './FollowButton';
import { Player } from './player/Player';
import { ProfileMenu } from './ProfileMenu';
import './ChannelPage.css';

/** How often the channel data (live status, ingest size) is refreshed (spec 2.4). */
export const CHANNEL_POLL_MS = 5000;

/**
 * The stacked layout (player above chat, spec 2.2/2.4), as ChannelPage.css
 * lays it out. (The landscape-mobile split view is not built yet; when it
 * is, it leaves this query.)
 */
export const stackedQuery = '(max-width: 989.98px)';

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
  // Keyed: another channel starts with its own actions, clock and player.
  return <ChannelView key={channel.data.channelId} channel={channel.data} profile={profile} />;
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
    if (e.type === 'stageStatus' && e.channelId === c.channelId) {
      // A session started or ended (spec 8.8): leave it and reload the channel.
      client.setQueryData<PublicChannel>(key, (old) => (old ? { ...old, stageId: e.stageId } : old));
      void client.invalidateQueries({ queryKey: key });
      return;
    }
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
  const { user } = useSession();
  useChannelEvents(c);
  const base = `/${encodeURIComponent(c.username)}`;
  const key = channelQueryKey(c.username);
  const mobile = useMediaQuery('(max-width: 767.98px)');
  const stacked = useMediaQuery(stackedQuery);
  const [stageMembers, setStageMembers] = useState<StageMember[]>([]);
  const stageId = c.isViewerBanned ? null : c.stageId;
  const canRequest =
    !!user &&
    !!stageId &&
    !c.isViewerBanned &&
    user.id !== c.userId &&
    !stageMembers.some((m) => m.userId === user.id);

  // Stream actions (spec 7): shown when the playback reaches the moment they were sent.
  const [clock] = useState(createClockSlot);
  const actions = useChannelActions(c);
  // On a stage there is no player clock: actions show on the wall clock.
  const timed = useTimedAction(actions.action, clock, { isLive: c.isLive || !!stageId });
  const shown = timed.visible;
  const place = shown ? placementOf(shown.action.name, stacked) : null;
  const overlayContext: OverlayContext = {
    clock,
    color: c.color,
    channelId: c.channelId,
    canVote: !!user && !c.isViewerBanned && user.id !== c.userId,
    onDismiss: timed.dismiss,
    onPoll: actions.updatePoll,
    onAlreadyVoted: () => void client.invalidateQueries({ queryKey: key }),
  };
  const card = shown && <ActionCard key={shown.action.id} shown={shown} ctx={overlayContext} />;
  const slot = (where: typeof place) => (shown && place === where ? <div className={`overlay-slot overlay-slot--${where}`}>{card}</div> : null);
  const toggleProfile = () => navigate(profile ? base : `${base}/profile`);
  const avatarButton = (size: number) => (
    <button
      type="button"
      className="player-header__avatar"
      aria-label={profile ? 'Close profile view' : 'Open profile view'}
      onClick={toggleProfile}
    >
      <Avatar username={c.username} color={c.color} avatar={c.avatar} imageUrl={c.channelAssetUrls.avatar} size={size} />
    </button>
  );

  const header = profile ? null : (
    <div className="player-header">
      {avatarButton(44)}
      <h1 className="player-header__name">{c.username}</h1>
      {(c.isLive || !!c.stageId) && <span className="live-pill">Live</span>}
      <div className="player-header__actions">
        <FollowButton channel={c} queryKey={key} showLabel={!mobile} />
      </div>
    </div>
  );

  return (
    <div className={`channel${profile ? ' channel--profile' : ''}`}>
      <section className="channel__stage" aria-label="Stream">
        {profile && (
          <header className="channel__hero">
            <Banner className="channel__banner" color={c.color} imageUrl={c.channelAssetUrls.banner} />
            {avatarButton(100)}
            <div className="channel__identity">
              <h1 className="channel__name">{c.username}</h1>
              {c.isLive && <span className="live-pill">Live</span>}
            </div>
            <div className="player-header__actions">
              <FollowButton channel={c} queryKey={key} showLabel />
            </div>
            <ProfileMenu channel={c} />
          </header>
        )}
        <div className="channel__player">
          {stageId ? (
            <SpectatorStage
              key={stageId}
              channel={c}
              stageId={stageId}
              header={header}
              onMembers={setStageMembers}
              onGone={() => void client.invalidateQueries({ queryKey: key })}
            />
          ) : (
            <Player
              key={c.channelId}
              channel={c}
              header={header}
              pinControls={profile}
              overlays={slot('player')}
              onMediaClock={clock.attach}
            />
          )}
        </div>
      </section>
      <ChatColumn
        tab={shown && place === 'tab' ? { id: shown.action.id, label: tabLabel(shown.action.name), content: slot('tab') } : null}
        top={slot('chat')}
        cover={slot('chatCover')}
      >
        <Chat
          key={`${c.channelId}:${c.isViewerBanned}`}
          channelId={c.channelId}
          ownerId={c.userId}
          banned={c.isViewerBanned}
          onBanned={() => void client.invalidateQueries({ queryKey: channelQueryKey(c.username) })}
          composerAside={
            canRequest && user && stageId ? (
              <RequestToJoinButton
                key={stageId}
                userId={user.id}
                stageId={stageId}
                full={stageMembers.length >= MAX_PARTICIPANTS}
              />
            ) : null
          }
        />
      </ChatColumn>
      <p className="sr-only" aria-live="polite">
        {shown ? announcement(shown.action) : ''}
      </p>
    </div>
  );
}

/** `/:username/<anything else>` -> `/:username` (replace). */
export function ChannelRedirect() {
  const { username = '' } = useParams();
  return <Navigate to={`/${encodeURIComponent(username)}`} replace />;
}

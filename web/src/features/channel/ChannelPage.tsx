import { Navigate, useParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { Avatar } from '../../components/Avatar';
import { Button } from '../../components/Button';
import { EmptyState } from '../../components/EmptyState';
import { Spinner } from '../../components/Spinner';
import { UnavailablePage } from '../../components/UnavailablePage';
import { AlertIcon, VideoOffIcon } from '../../components/icons';
import { api, isApiError } from '../../lib/api';
import { colorSwatch } from '../../lib/profile';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import './ChannelPage.css';

/** `/:username` and `/:username/profile` (spec 2.4): the channel header and an offline player for now. */
export function ChannelPage({ profile = false }: { profile?: boolean }) {
  const { username = '' } = useParams();
  const channel = useQuery({
    queryKey: ['channels', username.toLowerCase()],
    queryFn: () => api.channel.byUsername(username),
  });
  useDocumentTitle(channel.data?.username ?? username);

  if (channel.isPending) {
    return (
      <div className="channel__loading">
        <Spinner label="Loading channel" />
      </div>
    );
  }
  if (channel.isError) {
    if (isApiError(channel.error) && channel.error.status === 404) return <UnavailablePage />;
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

  const c = channel.data;
  const swatch = colorSwatch(c.color);
  return (
    <div className={`page channel${profile ? ' channel--profile' : ''}`}>
      {profile && <div className="channel__banner" style={{ background: swatch.background }} aria-hidden="true" />}
      <header className="channel__header">
        <Avatar username={c.username} color={c.color} size={profile ? 88 : 56} />
        <div className="channel__identity">
          <h1 className="channel__name">{c.username}</h1>
          {c.isLive && <span className="live-pill">Live</span>}
        </div>
      </header>
      <div className="channel__player">
        <div className="channel__offline">
          <VideoOffIcon size={32} />
          <p>Stream offline</p>
        </div>
      </div>
    </div>
  );
}

/** `/:username/<anything else>` -> `/:username` (replace). */
export function ChannelRedirect() {
  const { username = '' } = useParams();
  return <Navigate to={`/${encodeURIComponent(username)}`} replace />;
}

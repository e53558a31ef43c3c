import { useQuery } from '@tanstack/react-query';
import { useSession } from '../../app/session';
import { Button } from '../../components/Button';
import { EmptyState } from '../../components/EmptyState';
import { Spinner } from '../../components/Spinner';
import { AlertIcon, BroadcastIcon } from '../../components/icons';
import { api } from '../../lib/api';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import { ChannelGrid } from './ChannelGrid';
import { FollowingSection } from './FollowingCarousel';
import { useErrorToast } from './useErrorToast';
import './DirectoryPage.css';

export const liveChannelsQueryKey = ['directory', 'live'] as const;

/** The directory `/` (spec 2.3): followed channels (signed in), then live streams. */
export function DirectoryPage() {
  useDocumentTitle(undefined);
  const { user } = useSession();
  return (
    <div className="page directory">
      <h1 className="sr-only">Home</h1>
      {user && <FollowingSection key={user.id} />}
      <LiveStreamsSection />
    </div>
  );
}

const liveTitleId = 'directory-live-streams';

/** Live channels, fetched once per visit: no polling, no refetch on focus or reconnect. */
function LiveStreamsSection() {
  const query = useQuery({
    queryKey: liveChannelsQueryKey,
    queryFn: api.directory.live,
    refetchOnWindowFocus: false,
    refetchOnReconnect: false,
  });
  useErrorToast(query, 'Error loading streams');

  let content;
  if (query.isPending) {
    content = (
      <div className="directory-section__loading">
        <Spinner label="Loading live streams" />
      </div>
    );
  } else if (query.data && query.data.channels.length > 0) {
    content = <ChannelGrid channels={query.data.channels} label="Live channels" />;
  } else if (query.data) {
    content = <EmptyState icon={<BroadcastIcon size={24} />} title="No live streams available" />;
  } else {
    content = (
      <EmptyState
        icon={<AlertIcon size={24} />}
        title="Failed to load streams"
        action={
          <Button variant="secondary" size="s" loading={query.isFetching} onClick={() => void query.refetch()}>
            Try again
          </Button>
        }
      />
    );
  }

  return (
    <section className="directory-section" aria-labelledby={liveTitleId}>
      <header className="page__header directory-section__header">
        <h2 id={liveTitleId}>Live streams</h2>
      </header>
      {content}
    </section>
  );
}

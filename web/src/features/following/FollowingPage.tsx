import { Button } from '../../components/Button';
import { EmptyState } from '../../components/EmptyState';
import { Spinner } from '../../components/Spinner';
import { AlertIcon } from '../../components/icons';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import { ChannelGrid } from '../directory/ChannelGrid';
import { MIN_SPINNER_MS } from '../directory/FollowingCarousel';
import { RobotIcon } from '../../components/icons';
import { useErrorToast } from '../directory/useErrorToast';
import { useMinimumPending } from '../directory/useMinimumPending';
import {
  FOLLOWING_ERROR_TOAST,
  FOLLOWING_LOAD_FAILED,
  NO_CHANNELS_FOLLOWED,
  useFollowingQuery,
} from './queries';
import './FollowingPage.css';

/** /following (spec 2.6): every followed channel the API returns (max 50) as cards. */
export function FollowingPage() {
  useDocumentTitle('Following');
  const query = useFollowingQuery();
  const loading = useMinimumPending(query.isPending, MIN_SPINNER_MS);
  useErrorToast(query, FOLLOWING_ERROR_TOAST);

  let content;
  if (loading) {
    content = (
      <div className="following-page__loading">
        <Spinner label="Loading followed channels" />
      </div>
    );
  } else if (query.data && query.data.channels.length > 0) {
    content = <ChannelGrid channels={query.data.channels} label="Followed channels" showLivePill greyscaleOffline />;
  } else if (query.data) {
    content = <EmptyState icon={<RobotIcon size={24} />} title={NO_CHANNELS_FOLLOWED} />;
  } else {
    content = (
      <EmptyState
        icon={<AlertIcon size={24} />}
        title={FOLLOWING_LOAD_FAILED}
        action={
          <Button variant="secondary" size="s" loading={query.isFetching} onClick={() => void query.refetch()}>
            Try again
          </Button>
        }
      />
    );
  }

  return (
    <div className="page">
      <header className="page__header">
        <h1>Following</h1>
      </header>
      {content}
    </div>
  );
}

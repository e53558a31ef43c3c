import { EmptyState } from '../../components/EmptyState';
import { HeartIcon } from '../../components/icons';
import { useDocumentTitle } from '../../lib/useDocumentTitle';

/** /following (spec 2.6). Followed channels arrive with the follow API. */
export function FollowingPage() {
  useDocumentTitle('Following');
  return (
    <div className="page">
      <header className="page__header">
        <h1>Following</h1>
      </header>
      <EmptyState icon={<HeartIcon size={24} />} title="No channels followed" />
    </div>
  );
}

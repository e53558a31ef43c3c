import { EmptyState } from '../../components/EmptyState';
import { BroadcastIcon } from '../../components/icons';
import { useDocumentTitle } from '../../lib/useDocumentTitle';

/** The directory `/` (spec 2.3). The live list arrives with the directory API. */
export function DirectoryPage() {
  useDocumentTitle(undefined);
  return (
    <div className="page">
      <section className="page__header" aria-labelledby="live-streams">
        <h1 id="live-streams">Live streams</h1>
      </section>
      <EmptyState icon={<BroadcastIcon size={24} />} title="No live streams available" />
    </div>
  );
}

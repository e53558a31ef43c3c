import { EmptyState } from '../../components/EmptyState';
import { ActivityIcon } from '../../components/icons';
import { useDocumentTitle } from '../../lib/useDocumentTitle';

/** /health and /health/:streamId (spec 2.8): not built yet. */
export function HealthPage() {
  useDocumentTitle('Stream health');
  return (
    <div className="page">
      <header className="page__header">
        <h1>Stream health</h1>
      </header>
      <EmptyState icon={<ActivityIcon size={24} />} title="Stream health is not available yet" />
    </div>
  );
}

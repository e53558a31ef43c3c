import { EmptyState } from '../../components/EmptyState';
import { VideoIcon } from '../../components/icons';
import { useDocumentTitle } from '../../lib/useDocumentTitle';

/** /manager and /manager/collab (spec 2.9): not built yet. */
export function ManagerPage({ collab = false }: { collab?: boolean }) {
  useDocumentTitle('Stream manager');
  return (
    <div className="page">
      <header className="page__header">
        <h1>Stream manager</h1>
      </header>
      <EmptyState icon={<VideoIcon size={24} />} title={collab ? 'Collaborate is not available yet' : 'The stream manager is not available yet'}>
        Use the stream key from Settings to go live with OBS or another RTMP encoder.
      </EmptyState>
    </div>
  );
}

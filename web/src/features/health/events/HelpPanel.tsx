import { useId } from 'react';
import { Button } from '../../../components/Button';
import { Modal } from '../../../components/Modal';
import type { HelpContent } from './helpTopics';

/** The "Learn how to fix it" dialog; Escape or "Close" closes it and focus returns to the opener. */
export function HelpPanel({ content, onClose }: { content: HelpContent | null; onClose: () => void }) {
  const id = useId();
  return (
    <Modal open={content !== null} onClose={onClose} labelledBy={`${id}-title`}>
      {content && (
        <div className="event-help">
          <h2 id={`${id}-title`} className="event-help__title">
            {content.title}
          </h2>
          <div className="event-help__body">{content.body}</div>
          <div className="event-help__actions">
            <Button variant="secondary" onClick={onClose} data-autofocus>
              Close
            </Button>
          </div>
        </div>
      )}
    </Modal>
  );
}

import { useNavigate } from 'react-router';
import { Button } from './Button';
import { VideoOffIcon } from './icons';
import './EmptyState.css';

/** Shown for an unknown channel (spec 2.2). */
export function UnavailablePage() {
  const navigate = useNavigate();
  return (
    <div className="empty-state empty-state--page">
      <span className="empty-state__icon">
        <VideoOffIcon size={28} />
      </span>
      <h2 className="empty-state__title">This page is unavailable</h2>
      <Button variant="secondary" onClick={() => navigate('/')}>
        Back to directory
      </Button>
    </div>
  );
}

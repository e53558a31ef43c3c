import { useEffect, useId, useState, type ReactNode } from 'react';
import { BroadcastIcon, EyeIcon, NoSignalIcon } from '../../../components/icons';
import { abbreviateCount } from '../../../lib/abbreviate';
import { formatElapsed, NO_TIME, NO_VALUE } from './format';
import { useLatestSessionStatus } from './queries';
import './StatusBar.css';

/** The current time, ticking every second while `running`. */
function useNow(running: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!running) return;
    setNow(Date.now());
    const id = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(id);
  }, [running]);
  return now;
}

/** Elapsed time of the live session, HH:MM:SS; `offlineText` otherwise. */
function Elapsed({ startTime, offlineText }: { startTime: string | null; offlineText: string }) {
  const now = useNow(startTime !== null);
  const start = startTime ? Date.parse(startTime) : NaN;
  const text = Number.isNaN(start) ? offlineText : formatElapsed(now - start);
  return (
    <span className="status-bar__item status-bar__timer" role="timer" aria-live="off" aria-label="Elapsed time">
      {text}
    </span>
  );
}

/** The concurrent-views count with its tooltip (hover or focus; Escape hides it). */
function Views({ viewers, tooltip }: { viewers: number | null; tooltip: string }) {
  const [open, setOpen] = useState(false);
  const tipId = useId();
  return (
    <span
      className="status-bar__item status-bar__views"
      tabIndex={0}
      aria-describedby={tipId}
      onMouseEnter={() => setOpen(true)}
      onMouseLeave={() => setOpen(false)}
      onFocus={() => setOpen(true)}
      onBlur={() => setOpen(false)}
      onTouchStart={() => setOpen((o) => !o)}
      onKeyDown={(e) => {
        if (e.key === 'Escape') setOpen(false);
      }}
    >
      <EyeIcon size={16} />
      <span className="status-bar__views-value">{viewers === null ? NO_VALUE : abbreviateCount(viewers)}</span>
      <span id={tipId} role="tooltip" className="status-bar__tooltip" hidden={!open}>
        {tooltip}
      </span>
    </span>
  );
}

function Health({ isLive, isHealthy }: { isLive: boolean; isHealthy: boolean }) {
  if (!isLive) {
    return (
      <span className="status-bar__item status-bar__health status-bar__health--offline">
        <span className="status-bar__dot" aria-hidden="true" />
        <span>{NO_VALUE}</span>
      </span>
    );
  }
  const tone = isHealthy ? 'stable' : 'poor';
  return (
    <button
      type="button"
      className={`status-bar__item status-bar__health status-bar__health--${tone}`}
      aria-label="View stream health"
      title="Monitor the latest stream session"
      onClick={() => window.open('/health', '_blank', 'noopener')}
    >
      <span className="status-bar__dot" aria-hidden="true" />
      <span>{isHealthy ? 'Stable' : 'Poor'}</span>
    </button>
  );
}

export interface StatusBarViewProps {
  isLive: boolean;
  /** The first item: the live/offline icon, or a link to the channel. */
  leading: ReactNode;
  /** ISO start of the live session; the timer counts from it. */
  startTime: string | null;
  /** What the timer shows when there is no live session. */
  offlineText: string;
  viewers: number | null;
  viewsTooltip: string;
  /** Items after the views (the manager's health item). */
  children?: ReactNode;
}

/** The bar shared by the stream manager and the health page (spec 9.3, 9.4). */
export function StatusBarView({ isLive, leading, startTime, offlineText, viewers, viewsTooltip, children }: StatusBarViewProps) {
  return (
    <div className={`status-bar${isLive ? ' status-bar--live' : ''}`} role="status" aria-label="Stream status">
      {leading}
      <Elapsed startTime={isLive ? startTime : null} offlineText={offlineText} />
      <Views viewers={viewers} tooltip={viewsTooltip} />
      {children}
    </div>
  );
}

/**
 * The stream manager's status bar (spec 9.4): the latest session's live
 * state, elapsed time, concurrent views and health.
 */
export function StatusBar({ channelId }: { channelId: string }) {
  const s = useLatestSessionStatus(channelId);
  return (
    <StatusBarView
      isLive={s.isLive}
      leading={
        <span className="status-bar__item status-bar__state">
          {s.isLive ? <BroadcastIcon size={18} /> : <NoSignalIcon size={18} />}
          <span className="sr-only">{s.isLive ? 'Live' : 'Offline'}</span>
        </span>
      }
      startTime={s.startTime}
      offlineText={NO_TIME}
      viewers={s.isLive ? s.viewers : null}
      viewsTooltip="Concurrent views"
    >
      <Health isLive={s.isLive} isHealthy={s.isHealthy} />
    </StatusBarView>
  );
}

import { useEffect, useId, useRef, useState } from 'react';
import { Spinner } from '../../../components/Spinner';
import { AlertIcon, CheckCircleIcon, ChevronDownIcon, ChevronLeftIcon, ChevronRightIcon } from '../../../components/icons';
import { focusableSelector, trapTab } from '../../../lib/focusTrap';
import type { StreamSessionSummary } from '../../../lib/types';
import { formatDay } from '../format';
import { daySpanText, groupSessions, neighbours, sessionTimeText } from './sessions';
import './SessionNavigator.css';


export interface SessionNavigatorProps {
  /** Loaded sessions, newest first. */
  sessions: StreamSessionSummary[];
  /** The session on show (it may be on a page not loaded yet). */
  selected: StreamSessionSummary | undefined;
  onSelect: (streamId: string) => void;
  hasMore: boolean;
  loadingMore: boolean;
  onLoadMore: () => void;
  /** Called when the dropdown opens: the list refreshes. */
  onOpen: () => void;
}

/** The minute-resolution clock the relative texts ("Started 5 minutes ago") follow. */
function useMinuteClock(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(id);
  }, []);
  return now;
}

function SessionLabel({ session, now }: { session: StreamSessionSummary; now: number }) {
  const span = daySpanText(session, now);
  return (
    <>
      <span className="session-nav__date">
        {formatDay(session.startTime)}
        {span && <span className="session-nav__span"> {span}</span>}
      </span>
      <span className="session-nav__time">{sessionTimeText(session, now)}</span>
    </>
  );
}

/**
 * The health page's session navigator (spec 9.3): older/newer arrows around a
 * button that opens the grouped session list.
 */
export function SessionNavigator({ sessions, selected, onSelect, hasMore, loadingMore, onLoadMore, onOpen }: SessionNavigatorProps) {
  const [open, setOpen] = useState(false);
  const now = useMinuteClock();
  const listId = useId();
  const root = useRef<HTMLDivElement>(null);
  const dropdown = useRef<HTMLDivElement>(null);
  const toggle = useRef<HTMLButtonElement>(null);
  const { previous, next } = neighbours(sessions, selected?.streamId);

  const close = (restoreFocus: boolean) => {
    setOpen(false);
    if (restoreFocus) toggle.current?.focus();
  };

  useEffect(() => {
    if (!open) return;
    const node = dropdown.current;
    node?.querySelector<HTMLElement>(focusableSelector)?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        e.preventDefault();
        close(true);
        return;
      }
      // Focus stays inside the open list.
      if (node) trapTab(e, node);
    };
    const onPointer = (e: PointerEvent) => {
      if (root.current && !root.current.contains(e.target as Node)) close(false);
    };
    document.addEventListener('keydown', onKey);
    document.addEventListener('pointerdown', onPointer);
    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('pointerdown', onPointer);
    };
  }, [open]);

  const openList = () => {
    if (open) {
      close(false);
      return;
    }
    onOpen();
    setOpen(true);
  };

  const choose = (streamId: string) => {
    close(true);
    onSelect(streamId);
  };

  return (
    <div className="session-nav" ref={root}>
      <button
        type="button"
        className="session-nav__arrow"
        aria-label="Go to previous session"
        disabled={!previous}
        onClick={() => previous && onSelect(previous.streamId)}
      >
        <ChevronLeftIcon size={20} />
      </button>
      <button
        ref={toggle}
        type="button"
        className="session-nav__button"
        data-testid="stream-session-navigator-button"
        aria-haspopup="true"
        aria-expanded={open}
        aria-controls={open ? listId : undefined}
        onClick={openList}
      >
        <span className="session-nav__label">
          {open || !selected ? (
            <>
              <span className="session-nav__date">Stream session</span>
              <span className="session-nav__time">Select a session to view</span>
            </>
          ) : (
            <SessionLabel session={selected} now={now} />
          )}
        </span>
        <ChevronDownIcon size={16} />
      </button>
      <button
        type="button"
        className="session-nav__arrow"
        aria-label="Go to next session"
        disabled={!next}
        onClick={() => next && onSelect(next.streamId)}
      >
        <ChevronRightIcon size={20} />
      </button>

      {open && (
        <div className="session-nav__dropdown" id={listId} ref={dropdown} data-testid="stream-session-dropdown">
          {sessions.length === 0 ? (
            <div className="session-nav__empty">
              <p className="session-nav__empty-title">No stream sessions</p>
              <p>Stream sessions will show up here when there is data.</p>
            </div>
          ) : (
            groupSessions(sessions, now).map((group) => (
              <section key={group.label} className="session-nav__group" aria-label={group.label}>
                <h3 className="session-nav__group-title">{group.label}</h3>
                <ul>
                  {group.sessions.map((s) => (
                    <li key={s.streamId}>
                      <button
                        type="button"
                        className={`session-nav__row${s.streamId === selected?.streamId ? ' session-nav__row--selected' : ''}`}
                        aria-label={`Navigate to stream session ${s.streamId}`}
                        aria-current={s.streamId === selected?.streamId ? 'true' : undefined}
                        onClick={() => choose(s.streamId)}
                      >
                        <span className="session-nav__row-text">
                          <span className="session-nav__date">
                            {formatDay(s.startTime)}
                            {s.isLive && <span className="session-nav__live">LIVE</span>}
                          </span>
                          <span className="session-nav__time">{sessionTimeText(s, now)}</span>
                        </span>
                        {s.hasErrorEvent ? (
                          <span className="session-nav__status session-nav__status--error" title="This session had errors">
                            <AlertIcon size={18} />
                            <span className="sr-only">Has errors</span>
                          </span>
                        ) : (
                          <span className="session-nav__status session-nav__status--ok" title="No errors">
                            <CheckCircleIcon size={18} />
                            <span className="sr-only">No errors</span>
                          </span>
                        )}
                      </button>
                    </li>
                  ))}
                </ul>
              </section>
            ))
          )}
          {hasMore && (
            <button type="button" className="session-nav__more" onClick={onLoadMore} disabled={loadingMore}>
              {loadingMore ? <Spinner size={16} /> : 'Load more sessions'}
            </button>
          )}
        </div>
      )}
    </div>
  );
}

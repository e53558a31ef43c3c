// The "Stream events" panel of the health page (spec 9.3): the session's
// timeline, error rows expandable to their explanation and help.
import { useId, useMemo, useState } from 'react';
import { Button } from '../../../components/Button';
import { EmptyState } from '../../../components/EmptyState';
import { AlertIcon, CheckCircleIcon, ChevronDownIcon, InfoIcon } from '../../../components/icons';
import { Spinner } from '../../../components/Spinner';
import type { StreamEvent, StreamSession } from '../../../lib/types';
import { useMediaQuery } from '../../../lib/useMediaQuery';
import { eventInfo, type EventClass, type HelpTopic } from '../catalog';
import { formatDay, formatDayTime, formatTime } from '../format';
import { HelpPanel } from './HelpPanel';
import { helpContent } from './helpTopics';
import './EventsPanel.css';

export interface EventsPanelProps {
  session: StreamSession | undefined;
  status: 'loading' | 'error' | 'ready';
  channelType: string;
}

/** Events shown before "View all events" on narrow screens. */
export const MOBILE_EVENT_COUNT = 2;

const mobileQuery = '(max-width: 767.98px)';

interface Row {
  /** Stable across refetches of a live session, so expanded rows stay expanded. */
  key: string;
  event: StreamEvent;
}

/** Newest first while live (what just happened matters), chronological once ended. */
function orderedRows(session: StreamSession | undefined): Row[] {
  const seen = new Map<string, number>();
  const rows = [...(session?.truncatedEvents ?? [])]
    .sort((a, b) => Date.parse(a.eventTime) - Date.parse(b.eventTime))
    .map((event) => {
      const base = `${event.eventTime}|${event.name}`;
      const n = seen.get(base) ?? 0;
      seen.set(base, n + 1);
      return { key: `${base}|${n}`, event };
    });
  return session?.isLive ? rows.reverse() : rows;
}

export function EventsPanel({ session, status, channelType }: EventsPanelProps) {
  const headingId = useId();
  const narrow = useMediaQuery(mobileQuery);
  const rows = useMemo(() => orderedRows(session), [session]);
  const streamId = session?.streamId ?? null;

  // Both are remembered per session, so switching sessions starts collapsed.
  const [expanded, setExpanded] = useState<{ streamId: string | null; keys: ReadonlySet<string> }>({
    streamId: null,
    keys: new Set(),
  });
  const [showAllFor, setShowAllFor] = useState<string | null | undefined>(undefined);
  const [help, setHelp] = useState<HelpTopic | null>(null);

  const expandedKeys = expanded.streamId === streamId ? expanded.keys : new Set<string>();
  const toggle = (key: string) => {
    const next = new Set(expandedKeys);
    if (next.has(key)) next.delete(key);
    else next.add(key);
    setExpanded({ streamId, keys: next });
  };

  const collapsed = narrow && showAllFor !== streamId && rows.length > MOBILE_EVENT_COUNT;
  const visible = collapsed ? rows.slice(0, MOBILE_EVENT_COUNT) : rows;

  let content;
  if (status === 'loading') {
    content = (
      <div className="events-panel__state">
        <Spinner label="Loading stream events" />
      </div>
    );
  } else if (status === 'error') {
    content = (
      <div className="events-panel__state events-panel__state--error">
        <AlertIcon size={20} />
        <p>Failed to load</p>
      </div>
    );
  } else if (rows.length === 0) {
    content = (
      <EmptyState icon={<InfoIcon size={24} />} title="No stream events">
        Stream events will show up here when there is data.
      </EmptyState>
    );
  } else {
    content = (
      <>
        <ol className="events-panel__list">
          {visible.map(({ key, event }) => (
            <EventRow
              key={key}
              event={event}
              expanded={expandedKeys.has(key)}
              onToggle={() => toggle(key)}
              onHelp={setHelp}
            />
          ))}
        </ol>
        {collapsed && (
          <Button variant="secondary" size="s" fullWidth onClick={() => setShowAllFor(streamId)}>
            View all events
          </Button>
        )}
      </>
    );
  }

  return (
    <section className="events-panel" aria-labelledby={headingId}>
      <h2 id={headingId} className="events-panel__title">
        Stream events
      </h2>
      {content}
      <HelpPanel content={help ? helpContent(help, session, channelType) : null} onClose={() => setHelp(null)} />
    </section>
  );
}

const classIcons: Record<EventClass, typeof InfoIcon> = {
  error: AlertIcon,
  success: CheckCircleIcon,
  info: InfoIcon,
};

function EventRow({
  event,
  expanded,
  onToggle,
  onHelp,
}: {
  event: StreamEvent;
  expanded: boolean;
  onToggle: () => void;
  onHelp: (topic: HelpTopic) => void;
}) {
  const detailsId = useId();
  const info = eventInfo(event.name);
  const Icon = classIcons[info.eventClass];
  const topic = info.help;
  const verb = expanded ? 'Hide' : 'Show';
  return (
    <li className={`event-row event-row--${info.eventClass}${expanded ? ' event-row--expanded' : ''}`}>
      <button
        type="button"
        className="event-row__toggle"
        aria-label={`${verb} description for the ${info.displayName} stream event`}
        aria-expanded={expanded}
        aria-controls={expanded ? detailsId : undefined}
        onClick={onToggle}
      >
        <Icon size={18} className="event-row__icon" />
        <span className="event-row__name">{info.displayName}</span>
        <time className="event-row__time" dateTime={event.eventTime}>
          {formatDayTime(event.eventTime)}
        </time>
        <ChevronDownIcon size={16} className="event-row__chevron" />
      </button>
      {expanded && (
        <div id={detailsId} className="event-row__details">
          {/* Info and success events have no explanation; the full date is what there is to add. */}
          <p>{info.short ?? `${formatDay(event.eventTime)} at ${formatTime(event.eventTime)}`}</p>
          {topic && (
            <button type="button" className="event-row__help" onClick={() => onHelp(topic)}>
              Learn how to fix it
            </button>
          )}
        </div>
      )}
    </li>
  );
}

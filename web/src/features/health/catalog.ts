// The stream event catalogue (spec 9.1): what each recorded event is called
// on the health page, how it is styled, and the short explanation of errors.
import type { StreamEvent } from '../../lib/types';

export type EventClass = 'info' | 'success' | 'error';

/** Which long help text an error event links to ("Learn how to fix it"). */
export type HelpTopic = 'starvation' | 'bitrate' | 'resolution';

export interface EventInfo {
  /** The name shown in the events panel, e.g. "Poor stability". */
  displayName: string;
  eventClass: EventClass;
  /** One or two sentences shown when an error row is expanded. */
  short?: string;
  help?: HelpTopic;
}

const systemError: EventInfo = {
  displayName: 'Critical System Error',
  eventClass: 'error',
  short: 'A system error occurred. Contact your Onair administrator.',
};

const catalog: Record<string, EventInfo> = {
  'Session Created': { displayName: 'Session created', eventClass: 'info' },
  'Session Ended': { displayName: 'Session ended', eventClass: 'info' },
  'Stream Start': { displayName: 'Stream started', eventClass: 'info' },
  'Stream End': { displayName: 'Stream ended', eventClass: 'info' },
  'Recording Start': { displayName: 'Recording started', eventClass: 'info' },
  'Recording End': { displayName: 'Recording ended', eventClass: 'info' },
  'Starvation End': { displayName: 'Good stability', eventClass: 'success' },
  'Stream Failure': {
    displayName: 'Stream failure',
    eventClass: 'error',
    short: 'The stream exceeded the processing capacity of the server and is unavailable to viewers.',
  },
  'Starvation Start': {
    displayName: 'Poor stability',
    eventClass: 'error',
    short:
      'The server received less video than expected. This usually comes from performance or network issues between your encoder and Onair.',
    help: 'starvation',
  },
  'Ingest Bitrate': {
    displayName: 'Bitrate limit breach',
    eventClass: 'error',
    short: 'The session ended because the stream bitrate was higher than the channel allows.',
    help: 'bitrate',
  },
  'Ingest Resolution': {
    displayName: 'Resolution limit breach',
    eventClass: 'error',
    short: 'The session ended because the stream resolution was higher than the channel allows.',
    help: 'resolution',
  },
  'Concurrent Broadcasts': systemError,
  'Concurrent Viewers': systemError,
  'Recording Start Failure': {
    displayName: 'Recording start failure',
    eventClass: 'error',
    short: 'Recording could not start, so this stream was not recorded.',
  },
  'Recording End Failure': {
    displayName: 'Recording end failure',
    eventClass: 'error',
    short: 'Recording did not end cleanly, so the recording may be incomplete.',
  },
};

/** What the page shows for an event; unknown names show as recorded, as info. */
export function eventInfo(name: string): EventInfo {
  return catalog[name] ?? { displayName: name, eventClass: 'info' };
}

export function isErrorEvent(e: StreamEvent): boolean {
  return eventInfo(e.name).eventClass === 'error';
}

/**
 * Channel limits substituted into the help texts; the same numbers the
 * server enforces (internal/health/limits.go): 1080p for every channel type,
 * 8.5 Mbps on STANDARD channels and 3.5 Mbps on the others.
 */
export function channelLimits(channelType: string): { bitrateMbps: number; resolution: string } {
  return { bitrateMbps: channelType === 'STANDARD' ? 8.5 : 3.5, resolution: '1080p (1920 x 1080)' };
}

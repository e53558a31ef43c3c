// What the "Start stream" / "End stream" button shows (spec 11), as a pure function.

export type BroadcastStatus =
  /** Not broadcasting from this page. */
  | 'idle'
  /** Offer sent, waiting for media to flow (10 s at most). */
  | 'connecting'
  /** Broadcasting from this page. */
  | 'live'
  /** "End stream" confirmed, stopping. */
  | 'ending';

export const ALREADY_LIVE = 'Your channel is already live';

export interface StartButton {
  label: 'Start stream' | 'End stream';
  variant: 'primary' | 'destructive';
  disabled: boolean;
  loading: boolean;
  /** Why it is disabled, shown as a tooltip. */
  tooltip: string | null;
}

export function startButton(o: {
  status: BroadcastStatus;
  /** Camera and mic are available. */
  mediaReady: boolean;
  /** The channel is live (polled liveStatus.isBroadcasting), from this page or elsewhere. */
  channelLive: boolean;
}): StartButton {
  if (o.status === 'live' || o.status === 'ending') {
    return { label: 'End stream', variant: 'destructive', disabled: false, loading: o.status === 'ending', tooltip: null };
  }
  if (o.status === 'connecting') {
    return { label: 'Start stream', variant: 'primary', disabled: false, loading: true, tooltip: null };
  }
  if (o.channelLive) {
    return { label: 'Start stream', variant: 'primary', disabled: true, loading: false, tooltip: ALREADY_LIVE };
  }
  return { label: 'Start stream', variant: 'primary', disabled: !o.mediaReady, loading: false, tooltip: null };
}

/**
 * The "Collaborate" button (spec 8.2): off while the channel broadcasts or
 * without camera and mic; then its label is the permission error.
 */
export function collaborateButton(o: {
  broadcasting: boolean;
  mediaStatus: 'pending' | 'ready' | 'error';
  mediaError: string | null;
}): { label: string; disabled: boolean } {
  if (o.mediaStatus === 'error') return { label: o.mediaError ?? 'Collaborate', disabled: true };
  return { label: 'Collaborate', disabled: o.broadcasting || o.mediaStatus !== 'ready' };
}

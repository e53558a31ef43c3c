// useChannelActions: the channel's latest stream action (actionStore.ts) kept
// current from the channel data and its realtime events.
import { useCallback, useEffect, useState } from 'react';
import { useSubscription } from '../../app/realtime';
import { channelEvents } from '../../lib/realtime';
import type { ChannelEvent, Poll, PublicChannel, StreamAction } from '../../lib/types';
import { fromEvent, fromPoll, withPoll, type Latest } from './actionStore';

export interface ChannelActions {
  /** The latest action (null: none); useTimedAction decides when it shows. */
  action: StreamAction | null;
  /** A newer tally of the action's poll (e.g. the answer to the viewer's vote). */
  updatePoll: (poll: Poll) => void;
}

export function useChannelActions(c: PublicChannel): ChannelActions {
  // A stage is live too: its poll runs (spec 8.8, stream manager during a stage).
  const live = c.isLive || !!c.stageId;
  const polled = live ? (c.activeAction ?? null) : null;
  const [latest, setLatest] = useState<Latest>(() => ({ action: polled, eventAt: 0, eventTime: 0 }));

  useEffect(() => {
    setLatest((l) => fromPoll(l, polled, Date.now()));
  }, [polled]);

  // The stream (or stage) ended: whatever was active is over.
  useEffect(() => {
    if (!live) setLatest((l) => (l.action ? { ...l, action: null } : l));
  }, [live]);

  useSubscription<ChannelEvent>(c.isViewerBanned ? null : channelEvents(c.channelId), (e) => {
    if (e.channelId !== c.channelId) return;
    if (e.type === 'streamAction') setLatest((l) => fromEvent(l, e.action, Date.now(), e.time));
    else if (e.type === 'pollVotes') setLatest((l) => withPoll(l, e.poll));
  });

  const updatePoll = useCallback((poll: Poll) => setLatest((l) => withPoll(l, poll)), []);
  return { action: latest.action, updatePoll };
}

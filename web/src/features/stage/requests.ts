// The host's list of requests to join (spec 8.4), kept from GET /stages/requests and inbox events.
import type { StageInboxEvent, StageRequest } from '../../lib/types';

export type RequestsAction =
  | { type: 'loaded'; requests: StageRequest[] }
  | { type: 'event'; event: StageInboxEvent; stageId: string }
  /** Confirmed or deleted by the host, or the user joined. */
  | { type: 'remove'; userId: string };

/** Oldest first, one per user. */
export function requestsReducer(state: StageRequest[], action: RequestsAction): StageRequest[] {
  switch (action.type) {
    case 'loaded': {
      // Events may have arrived before the list: keep them, the list wins per user.
      const byUser = new Map(state.map((r) => [r.userId, r]));
      for (const r of action.requests) byUser.set(r.userId, r);
      return sortRequests([...byUser.values()]);
    }
    case 'remove':
      return state.some((r) => r.userId === action.userId) ? state.filter((r) => r.userId !== action.userId) : state;
    case 'event': {
      const e = action.event;
      if (e.stageId !== action.stageId) return state;
      if (e.type === 'STAGE_REQUEST_TO_JOIN') {
        return sortRequests([...state.filter((r) => r.userId !== e.request.userId), e.request]);
      }
      if (e.type === 'STAGE_REVOKE_REQUEST_TO_JOIN') return requestsReducer(state, { type: 'remove', userId: e.userId });
      return state;
    }
  }
}

function sortRequests(list: StageRequest[]): StageRequest[] {
  return list.sort((a, b) => a.sent - b.sent);
}

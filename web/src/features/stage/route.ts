// Which join /manager/collab makes (spec 2.9, 8.2, 8.4, 8.5).
import { api } from '../../lib/api';
import type { StageJoin } from '../../lib/types';

export type CollabRoute =
  /** The Collaborate button or a host rejoin: GET /stages/create. */
  | { kind: 'host' }
  /** An invite link: `?stageId=X&invite=CODE`. */
  | { kind: 'invited'; stageId: string; invite: string }
  /** After the host accepted the request: `?stageId=X&role=requested`. */
  | { kind: 'requested'; stageId: string };

/** Resolves the page's role from its query string; null for a malformed address (back to /manager). */
export function resolveCollabRoute(search: string): CollabRoute | null {
  const q = new URLSearchParams(search);
  const stageId = q.get('stageId');
  const role = q.get('role');
  if (stageId === null) return role === null ? { kind: 'host' } : null;
  if (!stageId.trim()) return null;
  if (role === null || role === 'invited') return { kind: 'invited', stageId, invite: q.get('invite') ?? '' };
  if (role === 'requested') return { kind: 'requested', stageId };
  return null;
}

/** The address a requester goes to once accepted. */
export function requestedPath(stageId: string): string {
  return `/manager/collab?${new URLSearchParams({ stageId, role: 'requested' }).toString()}`;
}

/** Asks the server for the route's join. */
export function fetchJoin(route: CollabRoute): Promise<StageJoin> {
  if (route.kind === 'host') return api.stages.create();
  return api.stages.participantToken(route.stageId, route.kind, route.kind === 'invited' ? route.invite : undefined);
}

export function routeKey(route: CollabRoute | null): readonly unknown[] {
  return ['stages', 'join', route?.kind ?? 'none', route && route.kind !== 'host' ? route.stageId : ''];
}

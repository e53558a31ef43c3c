// What the UI draws from a stage's participants (spec 8.7): pure functions
// over StageMember, so the LiveKit side (room.ts) stays thin.

/** A video an element can show: attach/detach a <video>. */
export interface VideoHandle {
  /** Changes when the underlying track changes. */
  key: string;
  attach: (el: HTMLVideoElement) => void;
  detach: (el: HTMLVideoElement) => void;
}

/** One publishing participant as the UI sees it (LiveKit identity + Onair attributes). */
export interface StageMember {
  /** LiveKit identity: `host:<channelId>` or a uuid. */
  id: string;
  username: string;
  avatar: string;
  avatarUrl: string;
  color: string;
  userId: string;
  channelId: string;
  /** host, invited, requested, screenshare... */
  role: string;
  group: 'user' | 'display';
  /** On a display participant: its user's camera participant. */
  userParticipantId: string;
  isLocal: boolean;
  micMuted: boolean;
  cameraOff: boolean;
  video: VideoHandle | null;
}

/** The host's camera participant is `host:<channelId>`. */
export function isHostIdentity(id: string): boolean {
  return id.startsWith('host:');
}

/** Camera tiles (host first, then join order) and screen shares, apart. */
export function splitMembers(members: readonly StageMember[]): { cameras: StageMember[]; screens: StageMember[] } {
  const cameras = members.filter((m) => m.group === 'user');
  const screens = members.filter((m) => m.group === 'display');
  const hostFirst = (a: StageMember, b: StageMember) => Number(isHostIdentity(b.id)) - Number(isHostIdentity(a.id));
  return { cameras: [...cameras].sort(hostFirst), screens };
}

/** Join toasts only for participants joining more than 3 s after the local user (spec 8.7). */
export const JOIN_TOAST_AFTER_MS = 3000;
export function announceJoin(localJoinedAt: number | null, now: number, member: Pick<StageMember, 'isLocal'>): boolean {
  return !member.isLocal && localJoinedAt !== null && now - localJoinedAt > JOIN_TOAST_AFTER_MS;
}

/** The display participant (screen share) of a camera participant, if any. */
export function screenOf(members: readonly StageMember[], camera: StageMember): StageMember | undefined {
  // userParticipantId names it; the same user id is the fallback when it is missing.
  return members.find(
    (m) =>
      m.group === 'display' &&
      (m.userParticipantId ? m.userParticipantId === camera.id : !!camera.userId && m.userId === camera.userId),
  );
}

/** Publishers counted against the 12 seats (cameras and screen shares). */
export function seatCount(members: readonly StageMember[]): number {
  return members.length;
}

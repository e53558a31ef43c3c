// A stand-in for features/stage/room.ts (LiveKit cannot run in jsdom): tests
// mock the module with `vi.mock('.../stage/room', () => import('.../test/fakeStageRoom'))`
// and drive rooms through `rooms`.
import type { StageMember } from '../features/stage/members';
import type { ConnectOptions, StageRoom, StageRoomEvent } from '../features/stage/room';

export class FakeStageRoom implements StageRoom {
  list: StageMember[] = [];
  tracks: Record<string, MediaStreamTrack | null> = {};
  muted: Record<string, boolean> = {};
  audioEnabled: boolean;
  disconnected = false;
  private changes = new Set<() => void>();
  private events = new Set<(e: StageRoomEvent) => void>();
  constructor(
    readonly url: string,
    readonly token: string,
    readonly options: ConnectOptions,
  ) {
    this.audioEnabled = !options.audioMuted;
  }
  members = () => this.list;
  onChange(fn: () => void) {
    this.changes.add(fn);
    return () => void this.changes.delete(fn);
  }
  onEvent(fn: (e: StageRoomEvent) => void) {
    this.events.add(fn);
    return () => void this.events.delete(fn);
  }
  async setTrack(kind: 'camera' | 'mic' | 'screen', track: MediaStreamTrack | null) {
    this.tracks[kind] = track;
  }
  async setMuted(kind: 'camera' | 'mic', muted: boolean) {
    this.muted[kind] = muted;
  }
  async setAudioEnabled(on: boolean) {
    this.audioEnabled = on;
  }
  async disconnect() {
    this.disconnected = true;
  }
  /** Test side: replaces the members. */
  setMembers(list: StageMember[]) {
    this.list = list;
    for (const fn of this.changes) fn();
  }
  emit(e: StageRoomEvent) {
    for (const fn of this.events) fn(e);
  }
}

export const rooms: FakeStageRoom[] = [];
/** Set to make the next connection fail. */
export const failNext = { value: false };

export const CAMERA_PUBLISH = { maxBitrate: 2_500_000, maxFramerate: 30 };
export const AUDIO_PUBLISH = { maxBitrate: 128_000 };

export async function connectStage(url: string, token: string, opts: ConnectOptions = {}): Promise<StageRoom> {
  if (failNext.value) {
    failNext.value = false;
    throw new Error('could not connect');
  }
  const room = new FakeStageRoom(url, token, opts);
  rooms.push(room);
  return room;
}

export function member(over: Partial<StageMember>): StageMember {
  return {
    id: 'p-1',
    username: 'someone',
    avatar: 'bear',
    avatarUrl: '',
    color: 'blue',
    userId: 'u-x',
    channelId: 'ch-x',
    role: 'invited',
    group: 'user',
    userParticipantId: '',
    isLocal: false,
    micMuted: false,
    cameraOff: false,
    video: null,
    ...over,
  };
}

// The only module that touches livekit-client (docs/stages.md): connects a
// Room with an Onair-minted token and turns its participants into
// StageMember snapshots. Components use StageRoom, so tests swap in a fake.
// livekit-client is loaded on first use (its own chunk: only stage pages need it).
import type { DisconnectReason, LocalTrackPublication, Participant, RemoteTrack, Track, TrackPublication } from 'livekit-client';

type LiveKit = typeof import('livekit-client');
import type { StageMember, VideoHandle } from './members';

/** Why the room closed: removed by the host, the stage deleted, we left, or anything else. */
export type LeaveReason = 'removed' | 'roomDeleted' | 'local' | 'other';

export type StageRoomEvent =
  | { type: 'joined'; member: StageMember }
  | { type: 'left'; member: StageMember }
  | { type: 'disconnected'; reason: LeaveReason };

export interface StageRoom {
  /** The publishing participants now (a new array after every change). */
  members(): StageMember[];
  /** Called after any change of members(). */
  onChange(fn: () => void): () => void;
  onEvent(fn: (e: StageRoomEvent) => void): () => void;
  /** Publishes (or replaces) the camera / mic / screen track; null unpublishes. */
  setTrack(kind: 'camera' | 'mic' | 'screen', track: MediaStreamTrack | null): Promise<void>;
  setMuted(kind: 'camera' | 'mic', muted: boolean): Promise<void>;
  /** Remote audio on or off (spectators start muted; turning on needs a click). */
  setAudioEnabled(on: boolean): Promise<void>;
  disconnect(): Promise<void>;
}

export interface ConnectOptions {
  /** Spectators and the screen share's own room subscribe to nothing they do not need. */
  autoSubscribe?: boolean;
  /** Remote audio starts muted. */
  audioMuted?: boolean;
}

/** Camera publishing (spec 8.1): 2500 kbps, 30 fps, simulcast; audio 128 kbps. */
export const CAMERA_PUBLISH = { maxBitrate: 2_500_000, maxFramerate: 30 } as const;
export const AUDIO_PUBLISH = { maxBitrate: 128_000 } as const;

function mapReason(lk: LiveKit, reason: DisconnectReason | undefined): LeaveReason {
  if (reason === lk.DisconnectReason.PARTICIPANT_REMOVED) return 'removed';
  if (reason === lk.DisconnectReason.ROOM_DELETED) return 'roomDeleted';
  if (reason === lk.DisconnectReason.CLIENT_INITIATED) return 'local';
  return 'other';
}

function handle(track: Track): VideoHandle {
  return {
    key: track.sid ?? track.mediaStreamTrack.id,
    attach: (el) => void track.attach(el),
    detach: (el) => void track.detach(el),
  };
}

function isPublisher(p: Participant): boolean {
  const a = p.attributes;
  return !!a.participantGroup && a.type !== 'spectator';
}

function toMember(lk: LiveKit, p: Participant, isLocal: boolean): StageMember {
  const { Track } = lk;
  const a = p.attributes;
  const group = a.participantGroup === 'display' ? 'display' : 'user';
  const cam: TrackPublication | undefined = p.getTrackPublication(group === 'display' ? Track.Source.ScreenShare : Track.Source.Camera);
  const mic = p.getTrackPublication(Track.Source.Microphone);
  const videoOn = !!cam?.track && !cam.isMuted;
  return {
    id: p.identity,
    username: a.username ?? p.name ?? p.identity,
    avatar: a.avatar ?? '',
    avatarUrl: a.avatarUrl ?? a.channelAssetsAvatarUrl ?? '',
    color: a.profileColor ?? '',
    userId: a.userId ?? '',
    channelId: a.channelId ?? '',
    role: a.type ?? '',
    group,
    userParticipantId: a.userParticipantId ?? '',
    isLocal,
    micMuted: !mic || mic.isMuted,
    cameraOff: !videoOn,
    video: videoOn && cam?.track ? handle(cam.track) : null,
  };
}

export async function connectStage(url: string, token: string, opts: ConnectOptions = {}): Promise<StageRoom> {
  const lk = await import('livekit-client');
  const { Room, RoomEvent, Track } = lk;
  const room = new Room({
    adaptiveStream: true,
    dynacast: true,
    publishDefaults: {
      simulcast: true,
      videoEncoding: CAMERA_PUBLISH,
      audioPreset: AUDIO_PUBLISH,
    },
  });
  const changeListeners = new Set<() => void>();
  const eventListeners = new Set<(e: StageRoomEvent) => void>();
  let snapshot: StageMember[] = [];
  let audioMuted = opts.audioMuted ?? false;
  const audioBox = document.createElement('div');
  audioBox.hidden = true;
  const audioEls = new Map<RemoteTrack, HTMLMediaElement>();

  const refresh = () => {
    const all: StageMember[] = [];
    if (isPublisher(room.localParticipant)) all.push(toMember(lk, room.localParticipant, true));
    for (const p of room.remoteParticipants.values()) if (isPublisher(p)) all.push(toMember(lk, p, false));
    snapshot = all;
    for (const fn of changeListeners) fn();
  };
  const emit = (e: StageRoomEvent) => {
    for (const fn of eventListeners) fn(e);
  };

  for (const ev of [
    RoomEvent.TrackPublished,
    RoomEvent.TrackUnpublished,
    RoomEvent.TrackSubscribed,
    RoomEvent.TrackUnsubscribed,
    RoomEvent.TrackMuted,
    RoomEvent.TrackUnmuted,
    RoomEvent.LocalTrackPublished,
    RoomEvent.LocalTrackUnpublished,
    RoomEvent.ParticipantAttributesChanged,
  ] as const) {
    room.on(ev, refresh);
  }
  room.on(RoomEvent.ParticipantConnected, (p) => {
    refresh();
    if (isPublisher(p)) emit({ type: 'joined', member: toMember(lk, p, false) });
  });
  room.on(RoomEvent.ParticipantDisconnected, (p) => {
    refresh();
    if (isPublisher(p)) emit({ type: 'left', member: toMember(lk, p, false) });
  });
  room.on(RoomEvent.TrackSubscribed, (track) => {
    if (track.kind !== Track.Kind.Audio) return;
    const el = track.attach();
    el.muted = audioMuted;
    audioBox.appendChild(el);
    audioEls.set(track, el);
  });
  room.on(RoomEvent.TrackUnsubscribed, (track) => {
    const el = audioEls.get(track);
    if (!el) return;
    track.detach(el);
    el.remove();
    audioEls.delete(track);
  });
  room.on(RoomEvent.Disconnected, (reason) => {
    audioBox.remove();
    refresh();
    emit({ type: 'disconnected', reason: mapReason(lk, reason) });
  });

  await room.connect(url, token, { autoSubscribe: opts.autoSubscribe ?? true });
  document.body.appendChild(audioBox);
  refresh();

  const published: Partial<Record<'camera' | 'mic' | 'screen', LocalTrackPublication>> = {};
  const sources: Record<'camera' | 'mic' | 'screen', Track.Source> = {
    camera: Track.Source.Camera,
    mic: Track.Source.Microphone,
    screen: Track.Source.ScreenShare,
  };

  return {
    members: () => snapshot,
    onChange(fn) {
      changeListeners.add(fn);
      return () => changeListeners.delete(fn);
    },
    onEvent(fn) {
      eventListeners.add(fn);
      return () => eventListeners.delete(fn);
    },
    async setTrack(kind, track) {
      const current = published[kind];
      if (current?.track?.mediaStreamTrack === track) return;
      if (current?.track && track) {
        await current.track.replaceTrack(track, true);
        refresh();
        return;
      }
      if (current?.track) {
        await room.localParticipant.unpublishTrack(current.track, false);
        delete published[kind];
      }
      if (!track) return;
      published[kind] = await room.localParticipant.publishTrack(track, {
        source: sources[kind],
        ...(kind === 'camera' ? { simulcast: true, videoEncoding: CAMERA_PUBLISH } : {}),
        ...(kind === 'mic' ? { audioPreset: AUDIO_PUBLISH } : {}),
      });
      refresh();
    },
    async setMuted(kind, muted) {
      const pub = published[kind];
      if (!pub) return;
      if (muted) await pub.mute();
      else await pub.unmute();
      refresh();
    },
    async setAudioEnabled(on) {
      audioMuted = !on;
      for (const el of audioEls.values()) el.muted = !on;
      if (on) await room.startAudio();
    },
    async disconnect() {
      await room.disconnect();
      audioBox.remove();
    },
  };
}

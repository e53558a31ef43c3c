import { describe, expect, it, vi } from 'vitest';
import { MEDIA_ERRORS, openCameraAndMic, openScreen } from './media';
import { fakeTrack } from '../../../test/fakeWebrtc';

function domError(name: string) {
  return new DOMException('nope', name);
}

function devices(kinds: MediaDeviceKind[]): MediaDeviceInfo[] {
  return kinds.map((kind, i) => ({ kind, deviceId: `d${i}`, label: `${kind} ${i}`, groupId: 'g' }) as MediaDeviceInfo);
}

function stream(tracks: MediaStreamTrack[]) {
  return {
    getTracks: () => tracks,
    getVideoTracks: () => tracks.filter((t) => t.kind === 'video'),
    getAudioTracks: () => tracks.filter((t) => t.kind === 'audio'),
  } as unknown as MediaStream;
}

function fakeDevices(getUserMedia: (c: MediaStreamConstraints) => Promise<MediaStream>, list: MediaDeviceKind[] = ['videoinput', 'audioinput']) {
  return {
    getUserMedia: vi.fn(getUserMedia),
    enumerateDevices: vi.fn(async () => devices(list)),
    getDisplayMedia: vi.fn(async () => {
      throw domError('NotAllowedError');
    }),
  } as unknown as MediaDevices;
}

describe('camera and microphone access (spec 11 messages)', () => {
  it('opens both with one request', async () => {
    const cam = fakeTrack('video');
    const mic = fakeTrack('audio');
    const md = fakeDevices(async () => stream([cam, mic]));
    await expect(openCameraAndMic(md)).resolves.toEqual({ camera: cam, mic });
    expect(md.getUserMedia).toHaveBeenCalledTimes(1);
  });

  const cases: { name: string; md: () => MediaDevices; want: string }[] = [
    {
      name: 'permission denied',
      md: () => fakeDevices(async () => Promise.reject(domError('NotAllowedError'))),
      want: MEDIA_ERRORS.permission,
    },
    {
      name: 'no devices at all',
      md: () => fakeDevices(async () => Promise.reject(domError('NotFoundError')), []),
      want: MEDIA_ERRORS.noDevices,
    },
    {
      name: 'no camera',
      md: () => fakeDevices(async () => Promise.reject(domError('NotFoundError')), ['audioinput']),
      want: MEDIA_ERRORS.camera,
    },
    {
      name: 'no microphone',
      md: () => fakeDevices(async () => Promise.reject(domError('NotFoundError')), ['videoinput']),
      want: MEDIA_ERRORS.mic,
    },
    {
      name: 'camera busy (tried alone, it fails)',
      md: () => fakeDevices(async (c) => (c.audio && !c.video ? stream([fakeTrack('audio')]) : Promise.reject(domError('NotReadableError')))),
      want: MEDIA_ERRORS.camera,
    },
    {
      name: 'microphone busy',
      md: () => fakeDevices(async (c) => (c.video && !c.audio ? stream([fakeTrack('video')]) : Promise.reject(domError('NotReadableError')))),
      want: MEDIA_ERRORS.mic,
    },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      await expect(openCameraAndMic(c.md())).rejects.toThrow(c.want);
    });
  }

  it('the messages are the spec words', () => {
    expect(MEDIA_ERRORS).toEqual({
      permission: 'You must allow access to both your camera and microphone',
      noDevices: 'No camera or mic detected',
      camera: 'Failed to access camera',
      mic: 'Failed to access mic',
      screenshare: 'Screenshare permission denied',
    });
  });

  it('a refused screen share says so', async () => {
    await expect(openScreen(fakeDevices(async () => stream([])))).rejects.toThrow('Screenshare permission denied');
  });
});

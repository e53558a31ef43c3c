import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from './api';
import { preferCodec, publish, WHIP_MAX_BITRATE } from './whip';
import { fakeSdpFetch, FakeMediaStream, FakePeerConnection, fakeTrack, jsonError, sdpAnswer } from '../test/fakeWebrtc';

beforeEach(() => {
  vi.stubGlobal('MediaStream', FakeMediaStream);
});
afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

function setup(respond = () => sdpAnswer('/whip/s1')) {
  const pc = new FakePeerConnection();
  const http = fakeSdpFetch(respond);
  const opts = {
    url: 'http://onair.test/whip',
    token: 'sk_secret',
    video: fakeTrack('video'),
    audio: fakeTrack('audio'),
    fetch: http.fetch,
    createPeerConnection: () => pc.asPeerConnection(),
  };
  return { pc, http, opts };
}

describe('WHIP publish', () => {
  it('sends a sendonly offer with the stream key, caps the video, and stops with DELETE', async () => {
    const { pc, http, opts } = setup();
    const session = await publish(opts);
    expect(http.calls[0]).toMatchObject({ method: 'POST', headers: { Authorization: 'Bearer sk_secret', 'Content-Type': 'application/sdp' } });
    expect(pc.remoteDescription).toEqual({ type: 'answer', sdp: 'v=0\r\no=- answer\r\n' });
    const [video, audio] = pc.transceivers;
    expect(video!.trackOrKind).toBe(opts.video);
    expect(video!.init).toMatchObject({ direction: 'sendonly', sendEncodings: [{ maxBitrate: WHIP_MAX_BITRATE, maxFramerate: 30 }] });
    expect(audio!.trackOrKind).toBe(opts.audio);
    expect(audio!.init.direction).toBe('sendonly');
    expect(video!.sender.setParameters).toHaveBeenCalledWith(
      expect.objectContaining({
        degradationPreference: 'maintain-resolution',
        encodings: [expect.objectContaining({ maxBitrate: WHIP_MAX_BITRATE, maxFramerate: 30 })],
      }),
    );

    await session.stop();
    await session.stop();
    expect(pc.closed).toBe(true);
    const deletes = http.calls.filter((c) => c.method === 'DELETE');
    expect(deletes).toEqual([expect.objectContaining({ url: 'http://onair.test/whip/s1', headers: { Authorization: 'Bearer sk_secret' } })]);
  });

  it('refuses with the server error (409 already live) and closes the connection', async () => {
    const { pc, http, opts } = setup(() => jsonError(409, 'ChannelAlreadyLiveException', 'Your channel is already live'));
    const err = await publish(opts).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 409, message: 'Your channel is already live' });
    expect(pc.closed).toBe(true);
    expect(http.calls.filter((c) => c.method === 'DELETE')).toHaveLength(0);
  });

  it('gives up after 10 s without media and deletes the session', async () => {
    vi.useFakeTimers();
    const { pc, http, opts } = setup();
    pc.connectOnAnswer = false;
    const result = publish(opts).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(await result).toMatchObject({ code: 'ConnectionTimeoutException' });
    expect(pc.closed).toBe(true);
    expect(http.calls.map((c) => c.method)).toEqual(['POST', 'DELETE']);
  });

  it('reports a dropped connection once, and not after stop()', async () => {
    const { pc, opts } = setup();
    const onDisconnect = vi.fn();
    const session = await publish({ ...opts, onDisconnect });
    pc.setState('failed');
    pc.setState('failed');
    expect(onDisconnect).toHaveBeenCalledTimes(1);

    const second = setup();
    const quiet = vi.fn();
    const s2 = await publish({ ...second.opts, onDisconnect: quiet });
    await s2.stop();
    second.pc.setState('failed');
    expect(quiet).not.toHaveBeenCalled();
    await session.stop();
  });

  it('swaps the microphone without renegotiating', async () => {
    const { pc, opts } = setup();
    const session = await publish(opts);
    const mic = fakeTrack('audio', 'USB mic');
    await session.replaceAudio(mic);
    expect(pc.transceivers[1]!.sender.replaceTrack).toHaveBeenCalledWith(mic);
  });
});

describe('preferCodec', () => {
  it('puts H264 packetization-mode=1 constrained baseline first and keeps the rest in order', () => {
    const codecs = [
      { mimeType: 'video/VP8', clockRate: 90000 },
      { mimeType: 'video/H264', clockRate: 90000, sdpFmtpLine: 'packetization-mode=0;profile-level-id=42e01f' },
      { mimeType: 'video/H264', clockRate: 90000, sdpFmtpLine: 'packetization-mode=1;profile-level-id=4d001f' },
      { mimeType: 'video/H264', clockRate: 90000, sdpFmtpLine: 'packetization-mode=1;profile-level-id=42e01f' },
      { mimeType: 'video/rtx', clockRate: 90000 },
    ];
    expect(preferCodec(codecs, 'video/H264').map((c) => `${c.mimeType} ${c.sdpFmtpLine ?? ''}`)).toEqual([
      'video/H264 packetization-mode=1;profile-level-id=42e01f',
      'video/H264 packetization-mode=1;profile-level-id=4d001f',
      'video/H264 packetization-mode=0;profile-level-id=42e01f',
      'video/VP8 ',
      'video/rtx ',
    ]);
  });
});

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startWhep } from './whep';
import { fakeSdpFetch, FakeMediaStream, FakePeerConnection, fakeTrack, sdpAnswer } from '../test/fakeWebrtc';

beforeEach(() => {
  vi.stubGlobal('MediaStream', FakeMediaStream);
});
afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

describe('WHEP playback', () => {
  it('offers recvonly video and audio, collects the remote tracks, and DELETEs on stop', async () => {
    const pc = new FakePeerConnection();
    const http = fakeSdpFetch(() => sdpAnswer('/whep/pb1/sessions/7'));
    const session = await startWhep('http://onair.test/whep/pb1', { fetch: http.fetch, createPeerConnection: () => pc.asPeerConnection() });
    expect(pc.transceivers.map((t) => [t.trackOrKind, t.init.direction])).toEqual([
      ['video', 'recvonly'],
      ['audio', 'recvonly'],
    ]);
    expect(http.calls[0]).toMatchObject({ method: 'POST', url: 'http://onair.test/whep/pb1', body: 'v=0\r\no=- offer\r\n' });
    expect(http.calls[0]!.headers.Authorization).toBeUndefined();

    const video = fakeTrack('video');
    pc.deliverTrack(video);
    pc.deliverTrack(video);
    expect(session.stream.getTracks()).toEqual([video]);

    await session.stop();
    await session.stop();
    expect(pc.closed).toBe(true);
    expect(http.calls.filter((c) => c.method === 'DELETE').map((c) => c.url)).toEqual(['http://onair.test/whep/pb1/sessions/7']);
  });

  it('an offline channel (404) rejects with status 404 and closes the connection', async () => {
    const pc = new FakePeerConnection();
    const http = fakeSdpFetch(() => new Response(JSON.stringify({ error: { code: 'ChannelNotBroadcasting', message: 'This channel is not live.' } }), { status: 404 }));
    await expect(startWhep('/whep/pb1', { fetch: http.fetch, createPeerConnection: () => pc.asPeerConnection() })).rejects.toMatchObject({
      status: 404,
      code: 'ChannelNotBroadcasting',
    });
    expect(pc.closed).toBe(true);
  });

  it('waits for ICE gathering to complete before sending the offer, up to a timeout', async () => {
    vi.useFakeTimers();
    const pc = new FakePeerConnection();
    pc.iceGatheringState = 'gathering';
    const http = fakeSdpFetch(() => sdpAnswer());
    const started = startWhep('/whep/pb1', { fetch: http.fetch, createPeerConnection: () => pc.asPeerConnection(), iceGatheringTimeoutMs: 1500 });
    await vi.advanceTimersByTimeAsync(500);
    expect(http.calls).toHaveLength(0);
    pc.setGathering('complete');
    await vi.advanceTimersByTimeAsync(0);
    expect(http.calls).toHaveLength(1);
    await (await started).stop();

    const slow = new FakePeerConnection();
    slow.iceGatheringState = 'gathering';
    const http2 = fakeSdpFetch(() => sdpAnswer());
    const second = startWhep('/whep/pb1', { fetch: http2.fetch, createPeerConnection: () => slow.asPeerConnection(), iceGatheringTimeoutMs: 1500 });
    await vi.advanceTimersByTimeAsync(1500);
    expect(http2.calls).toHaveLength(1);
    await (await second).stop();
  });

  it('reports a lost connection through onDisconnect', async () => {
    const pc = new FakePeerConnection();
    const onDisconnect = vi.fn();
    const session = await startWhep('/whep/pb1', {
      fetch: fakeSdpFetch(() => sdpAnswer()).fetch,
      createPeerConnection: () => pc.asPeerConnection(),
      onDisconnect,
    });
    pc.setState('failed');
    expect(onDisconnect).toHaveBeenCalledTimes(1);
    await session.stop();
  });
});

import { describe, expect, it, vi } from 'vitest';
import { ApiError } from './api';
import { deleteSession, postOffer, waitForConnected, watchConnection } from './webrtc';
import { fakeSdpFetch, FakePeerConnection, jsonError, sdpAnswer } from '../test/fakeWebrtc';

describe('postOffer (WHIP/WHEP signalling)', () => {
  it('POSTs the offer as application/sdp and returns the answer with an absolute Location', async () => {
    const { fetch, calls } = fakeSdpFetch(() => sdpAnswer('/whip/abc'));
    const res = await postOffer('http://onair.test/whip', 'v=0 offer', { token: 'sk_key', fetch });
    expect(res).toEqual({ answer: 'v=0\r\no=- answer\r\n', location: 'http://onair.test/whip/abc' });
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({
      method: 'POST',
      url: 'http://onair.test/whip',
      body: 'v=0 offer',
      headers: { 'Content-Type': 'application/sdp', Authorization: 'Bearer sk_key' },
    });
  });

  it('sends no Authorization header without a token (WHEP)', async () => {
    const { fetch, calls } = fakeSdpFetch(() => sdpAnswer('session/9'));
    const res = await postOffer('http://onair.test/whep/pb1', 'v=0', { fetch });
    expect(calls[0]!.headers.Authorization).toBeUndefined();
    expect(res.location).toBe('http://onair.test/whep/session/9');
  });

  it('turns error JSON into ApiError with the server code and message', async () => {
    const { fetch } = fakeSdpFetch(() => jsonError(409, 'ChannelAlreadyLiveException', 'Your channel is already live'));
    const err = await postOffer('/whip', 'v=0', { token: 'k', fetch }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 409, code: 'ChannelAlreadyLiveException', message: 'Your channel is already live' });
  });

  it('a 404 without JSON (offline channel) is an ApiError with status 404', async () => {
    const { fetch } = fakeSdpFetch(() => new Response('not found', { status: 404 }));
    await expect(postOffer('/whep/x', 'v=0', { fetch })).rejects.toMatchObject({ status: 404, code: 'UnexpectedException' });
  });

  it('a 201 without Location or SDP is refused', async () => {
    const { fetch } = fakeSdpFetch(() => new Response('v=0', { status: 201 }));
    await expect(postOffer('/whip', 'v=0', { fetch })).rejects.toMatchObject({ code: 'InvalidResponseException' });
  });

  it('a network failure is ApiError status 0', async () => {
    const fetch = vi.fn(async () => {
      throw new TypeError('Failed to fetch');
    }) as unknown as typeof globalThis.fetch;
    await expect(postOffer('/whip', 'v=0', { fetch })).rejects.toMatchObject({ status: 0, code: 'NetworkError' });
  });
});

describe('deleteSession', () => {
  it('DELETEs the session with the token and never throws', async () => {
    const { fetch, calls } = fakeSdpFetch(() => new Response(null, { status: 500 }));
    await expect(deleteSession('http://onair.test/whip/abc', { token: 'sk', fetch })).resolves.toBeUndefined();
    expect(calls[0]).toMatchObject({ method: 'DELETE', url: 'http://onair.test/whip/abc', headers: { Authorization: 'Bearer sk' } });
    const failing = vi.fn(async () => {
      throw new TypeError('offline');
    }) as unknown as typeof globalThis.fetch;
    await expect(deleteSession('/whip/abc', { fetch: failing })).resolves.toBeUndefined();
  });
});

describe('connection state', () => {
  it('waitForConnected rejects on failure and on timeout', async () => {
    const pc = new FakePeerConnection();
    const p = waitForConnected(pc.asPeerConnection(), 1000);
    pc.setState('failed');
    await expect(p).rejects.toMatchObject({ code: 'ConnectionFailedException' });

    vi.useFakeTimers();
    try {
      const slow = waitForConnected(new FakePeerConnection().asPeerConnection(), 10_000);
      const check = expect(slow).rejects.toMatchObject({ code: 'ConnectionTimeoutException' });
      await vi.advanceTimersByTimeAsync(10_000);
      await check;
    } finally {
      vi.useRealTimers();
    }
  });

  it('watchConnection reports a lasting disconnection once, but not a short blip', () => {
    vi.useFakeTimers();
    try {
      const pc = new FakePeerConnection();
      const lost = vi.fn();
      watchConnection(pc.asPeerConnection(), lost, 4000);
      pc.setState('disconnected');
      vi.advanceTimersByTime(3000);
      pc.setState('connected');
      vi.advanceTimersByTime(5000);
      expect(lost).not.toHaveBeenCalled();
      pc.setState('disconnected');
      vi.advanceTimersByTime(4000);
      pc.setState('failed');
      expect(lost).toHaveBeenCalledTimes(1);
    } finally {
      vi.useRealTimers();
    }
  });
});

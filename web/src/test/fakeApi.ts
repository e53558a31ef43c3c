// A stand-in for the Onair API in unit tests: stubs fetch and answers
// "METHOD /path" routes (path without /api/v1).
import { vi } from 'vitest';
import type { OwnChannel } from '../lib/types';

export type Handler = (body: unknown) => { status: number; body?: unknown } | Promise<{ status: number; body?: unknown }>;

export function jsonResponse(status: number, body?: unknown): Response {
  return new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json' },
  });
}

export function apiError(status: number, code: string, message: string, fields?: Record<string, string>) {
  return { status, body: { error: { code, message, ...(fields ? { fields } : {}) } } };
}

export interface Call {
  method: string;
  path: string;
  /** The query string ("?a=b"), on calls that have one. */
  search?: string;
  body: unknown;
}

/** Installs the fake; unknown routes answer 404 NotFoundException. Returns the call log. */
export function fakeApi(routes: Record<string, Handler>): Call[] {
  const calls: Call[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = new URL(typeof input === 'string' ? input : input.toString(), 'http://localhost');
      const method = (init?.method ?? 'GET').toUpperCase();
      const path = url.pathname.replace(/^\/api\/v1/, '');
      const body = typeof init?.body === 'string' ? JSON.parse(init.body) : undefined;
      calls.push(url.search ? { method, path, search: url.search, body } : { method, path, body });
      const handler = routes[`${method} ${path}`];
      if (!handler) return jsonResponse(404, { error: { code: 'NotFoundException', message: 'No API operation at this address.' } });
      const res = await handler(body);
      return jsonResponse(res.status, res.body);
    }),
  );
  return calls;
}

export const signedOut: Handler = () => apiError(401, 'UnauthorizedException', 'You must be signed in.');

export const alice = {
  id: 'u-1',
  username: 'alice',
  email: 'alice@example.com',
  emailVerified: true,
  pendingEmail: null,
  avatar: 'bear',
  color: 'blue',
  channelId: 'ch1',
};

/** alice's own channel as GET /channel answers it (with her stream key). */
export const aliceChannel: OwnChannel = {
  id: 'u-1',
  username: 'alice',
  email: 'alice@example.com',
  avatar: 'bear',
  color: 'blue',
  channelId: 'ch1',
  playbackId: 'pb1',
  playbackUrl: 'http://localhost/hls/pb1/index.m3u8',
  ingestEndpoint: '127.0.0.1:1935',
  ingestServerUrl: 'rtmp://127.0.0.1:1935/live/',
  whipUrl: 'http://localhost:3000/whip',
  streamKeyValue: 'sk_secret',
  chatRoomId: 'chat:ch1',
  trackingId: 'ch1',
  channelAssetUrls: {},
  stageId: null,
  channelConfiguration: { type: 'BASIC' },
};

import { afterEach, describe, expect, it, vi } from 'vitest';
import { Centrifuge, connectAll, currentClient, endSubscription, failConnection, publish } from '../test/fakeCentrifuge';
import { IDLE_CLOSE_MS, MAX_ATTEMPTS, Realtime, realtimeUrl, type SubscriptionStatus } from './realtime';

afterEach(() => {
  vi.useRealTimers();
  for (const c of Centrifuge.instances) c.closed = true;
});

describe('Realtime', () => {
  it('builds the WebSocket address from the page', () => {
    expect(realtimeUrl({ protocol: 'https:', host: 'onair.example' })).toBe('wss://onair.example/connection/websocket');
    expect(realtimeUrl({ protocol: 'http:', host: '127.0.0.1:8080' })).toBe('ws://127.0.0.1:8080/connection/websocket');
  });

  it('asks for a token only when signed in', () => {
    new Realtime({ signedIn: false, url: 'ws://x' });
    expect(currentClient()!.options.getToken).toBeUndefined();
    new Realtime({ signedIn: true, url: 'ws://x' });
    expect(typeof currentClient()!.options.getToken).toBe('function');
  });

  it('shares one subscription per channel and ends it with its last listener', () => {
    const rt = new Realtime({ signedIn: false, url: 'ws://x' });
    const a: unknown[] = [];
    const b: unknown[] = [];
    const statuses: SubscriptionStatus[] = [];
    const stopA = rt.subscribe('chat:1', { onPublication: (d) => a.push(d), onStatus: (s) => statuses.push(s) });
    const stopB = rt.subscribe('chat:1', { onPublication: (d) => b.push(d) });
    expect(rt.getStatus()).toBe('connecting');
    expect(currentClient()!.subs.size).toBe(1);
    connectAll();
    expect(rt.getStatus()).toBe('connected');
    expect(statuses.at(-1)).toEqual({ state: 'subscribed' });
    publish('chat:1', { n: 1 });
    expect(a).toEqual([{ n: 1 }]);
    expect(b).toEqual([{ n: 1 }]);
    stopA();
    expect(currentClient()!.subs.size).toBe(1);
    endSubscription('chat:1', 2403, 'banned');
    stopB();
    expect(currentClient()!.subs.size).toBe(0);
  });

  it(`gives up after ${MAX_ATTEMPTS} failed attempts in a row, and closes when idle`, () => {
    vi.useFakeTimers();
    const rt = new Realtime({ signedIn: false, url: 'ws://x' });
    const stop = rt.subscribe('chat:1', { onPublication: () => {} });
    failConnection(MAX_ATTEMPTS - 1);
    connectAll();
    failConnection(MAX_ATTEMPTS - 1);
    expect(rt.getStatus()).toBe('connected');
    failConnection(1);
    expect(rt.getStatus()).toBe('failed');
    stop();
    vi.advanceTimersByTime(IDLE_CLOSE_MS);
    expect(rt.getStatus()).toBe('idle');
  });
});

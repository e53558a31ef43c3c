// The realtime client (docs/realtime.md): one Centrifuge connection per page,
// opened on the first subscription. Signed in, it authenticates with a
// single-use token from POST /realtime/token (asked again when the server
// answers "token expired"); signed out it connects anonymously (read only).
// Subscriptions are shared per channel name and reference counted.
import { Centrifuge, type Subscription } from 'centrifuge';
import { api } from './api';

/** Failed connection (or subscription) attempts in a row before giving up (spec 6). */
export const MAX_ATTEMPTS = 7;

export type ConnectionStatus = 'idle' | 'connecting' | 'connected' | 'failed';

/** Where one subscription stands, as its listeners see it. */
export type SubscriptionStatus =
  | { state: 'subscribing' }
  | { state: 'subscribed' }
  /** Ended by the server or refused: code and reason say why (2403 = banned, 403 = refused, ...). */
  | { state: 'unsubscribed'; code: number; reason: string }
  /** Too many failed attempts: the subscription was given up. */
  | { state: 'failed' };

/** The connection closes this long after its last subscription ended (navigation reuses it). */
export const IDLE_CLOSE_MS = 10_000;

/** Unsubscribe code the server uses when a ban ends a subscription. */
export const BANNED_CODE = 2403;

export interface SubscriptionListener<T> {
  onPublication: (data: T) => void;
  onStatus?: (status: SubscriptionStatus) => void;
}

export function realtimeUrl(loc: Pick<Location, 'protocol' | 'host'> = window.location): string {
  return `${loc.protocol === 'https:' ? 'wss' : 'ws'}://${loc.host}/connection/websocket`;
}

interface Entry {
  sub: Subscription;
  listeners: Set<SubscriptionListener<unknown>>;
  status: SubscriptionStatus;
  failures: number;
}

export class Realtime {
  private readonly client: Centrifuge;
  private readonly entries = new Map<string, Entry>();
  private readonly statusListeners = new Set<() => void>();
  private status: ConnectionStatus = 'idle';
  private failures = 0;
  private idleTimer: ReturnType<typeof setTimeout> | undefined;

  constructor({ signedIn, url = realtimeUrl() }: { signedIn: boolean; url?: string }) {
    this.client = new Centrifuge(url, {
      // The session cookie would do for this origin, but a token works from anywhere.
      ...(signedIn ? { getToken: async () => (await api.realtime.token()).token } : {}),
      minReconnectDelay: 500,
      maxReconnectDelay: 10_000,
    });
    this.client.on('connecting', () => {
      if (this.status !== 'failed') this.setStatus('connecting');
    });
    this.client.on('connected', () => {
      this.failures = 0;
      this.setStatus('connected');
    });
    this.client.on('error', (ctx) => {
      if (ctx.type !== 'transport' && ctx.type !== 'connectToken' && ctx.type !== 'connect') return;
      this.failures += 1;
      if (this.failures >= MAX_ATTEMPTS) {
        this.setStatus('failed');
        this.client.disconnect();
      }
    });
  }

  getStatus(): ConnectionStatus {
    return this.status;
  }

  onStatus(fn: () => void): () => void {
    this.statusListeners.add(fn);
    return () => this.statusListeners.delete(fn);
  }

  private setStatus(s: ConnectionStatus) {
    if (this.status === s) return;
    this.status = s;
    for (const fn of this.statusListeners) fn();
  }

  /** Listens to a channel's publications; returns the function that stops listening. */
  subscribe<T>(channel: string, listener: SubscriptionListener<T>): () => void {
    let entry = this.entries.get(channel);
    if (!entry) entry = this.open(channel);
    const l = listener as SubscriptionListener<unknown>;
    entry.listeners.add(l);
    l.onStatus?.(entry.status);
    clearTimeout(this.idleTimer);
    if (this.status === 'idle') {
      this.failures = 0;
      this.setStatus('connecting');
      this.client.connect();
    }
    const e = entry;
    return () => {
      e.listeners.delete(l);
      if (e.listeners.size > 0 || this.entries.get(channel) !== e) return;
      this.entries.delete(channel);
      e.sub.removeAllListeners();
      e.sub.unsubscribe();
      this.client.removeSubscription(e.sub);
      if (this.entries.size === 0) {
        clearTimeout(this.idleTimer);
        this.idleTimer = setTimeout(() => this.idle(), IDLE_CLOSE_MS);
      }
    };
  }

  private open(channel: string): Entry {
    const sub = this.client.newSubscription(channel, { minResubscribeDelay: 500, maxResubscribeDelay: 10_000 });
    const entry: Entry = { sub, listeners: new Set(), status: { state: 'subscribing' }, failures: 0 };
    const set = (s: SubscriptionStatus) => {
      entry.status = s;
      for (const l of entry.listeners) l.onStatus?.(s);
    };
    sub.on('subscribing', () => set({ state: 'subscribing' }));
    sub.on('subscribed', () => {
      entry.failures = 0;
      set({ state: 'subscribed' });
    });
    sub.on('unsubscribed', (ctx) => {
      if (entry.status.state !== 'failed') set({ state: 'unsubscribed', code: ctx.code, reason: ctx.reason });
    });
    sub.on('error', (ctx) => {
      if (ctx.type !== 'subscribe') return;
      entry.failures += 1;
      if (entry.failures >= MAX_ATTEMPTS) {
        set({ state: 'failed' });
        sub.unsubscribe();
      }
    });
    sub.on('publication', (ctx) => {
      for (const l of entry.listeners) l.onPublication(ctx.data);
    });
    this.entries.set(channel, entry);
    sub.subscribe();
    return entry;
  }

  private idle() {
    if (this.entries.size > 0 || this.status === 'idle') return;
    this.client.disconnect();
    this.setStatus('idle');
  }

  close(): void {
    clearTimeout(this.idleTimer);
    this.entries.clear();
    this.statusListeners.clear();
    this.client.disconnect();
  }
}

export const chatChannel = (channelId: string) => `chat:${channelId}`;
export const channelEvents = (channelId: string) => `channel:${channelId}`;
export const inboxChannel = (userId: string) => `#${userId}`;

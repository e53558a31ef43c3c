// A stand-in for the `centrifuge` client in unit tests (installed for every
// test file by setup.ts): nothing connects until a test says so.
type Listener = (ctx: unknown) => void;

class Emitter {
  private listeners = new Map<string, Set<Listener>>();
  on(event: string, fn: Listener): this {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(fn);
    return this;
  }
  removeAllListeners(): this {
    this.listeners.clear();
    return this;
  }
  emit(event: string, ctx: unknown = {}): boolean {
    const set = this.listeners.get(event);
    for (const fn of set ?? []) fn(ctx);
    return (set?.size ?? 0) > 0;
  }
}

export class Subscription extends Emitter {
  state: 'unsubscribed' | 'subscribing' | 'subscribed' = 'unsubscribed';
  constructor(readonly channel: string) {
    super();
  }
  subscribe() {
    this.state = 'subscribing';
    this.emit('subscribing', { channel: this.channel });
  }
  unsubscribe() {
    this.state = 'unsubscribed';
  }
}

export class Centrifuge extends Emitter {
  static instances: Centrifuge[] = [];
  readonly subs = new Map<string, Subscription>();
  connected = false;
  closed = false;
  constructor(
    readonly url: string,
    readonly options: Record<string, unknown> = {},
  ) {
    super();
    Centrifuge.instances.push(this);
  }
  connect() {
    this.emit('connecting', {});
  }
  disconnect() {
    this.closed = true;
    this.connected = false;
  }
  newSubscription(channel: string) {
    if (this.subs.has(channel)) throw new Error(`duplicate subscription ${channel}`);
    const sub = new Subscription(channel);
    this.subs.set(channel, sub);
    return sub;
  }
  removeSubscription(sub: Subscription | null) {
    if (sub && this.subs.get(sub.channel) === sub) this.subs.delete(sub.channel);
  }
}

export class UnauthorizedError extends Error {}

/** The live (not closed) client, if any. */
export function currentClient(): Centrifuge | undefined {
  return Centrifuge.instances.filter((c) => !c.closed).at(-1);
}

function sub(channel: string): Subscription {
  const s = currentClient()?.subs.get(channel);
  if (!s) throw new Error(`no subscription to ${channel}`);
  return s;
}

/** Connects the client and confirms every subscription. */
export function connectAll() {
  const c = currentClient();
  if (!c) throw new Error('no realtime client');
  c.connected = true;
  c.emit('connected', {});
  for (const s of c.subs.values()) {
    s.state = 'subscribed';
    s.emit('subscribed', { channel: s.channel });
  }
}

export function publish(channel: string, data: unknown) {
  sub(channel).emit('publication', { channel, data });
}

export function endSubscription(channel: string, code: number, reason: string) {
  const s = sub(channel);
  s.state = 'unsubscribed';
  s.emit('unsubscribed', { channel, code, reason });
}

export function failConnection(times: number) {
  const c = currentClient();
  if (!c) throw new Error('no realtime client');
  for (let i = 0; i < times; i++) c.emit('error', { type: 'transport', error: { code: 2, message: 'transport closed' } });
}

export function hasSubscription(channel: string): boolean {
  return currentClient()?.subs.has(channel) ?? false;
}

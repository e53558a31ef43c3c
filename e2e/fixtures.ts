import { test as base, expect, type APIRequestContext, type BrowserContext, type Locator } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, openSync, readFileSync, existsSync, closeSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const binary = resolve(process.env.ONAIR_BIN ?? join(import.meta.dirname, '..', 'bin', 'onair'));
const testdata = resolve(join(import.meta.dirname, '..', 'internal', 'media', 'testdata'));
/** The committed test streams: H264 640x360 30 fps + AAC, 5 s; "nobf" has no B-frames. */
export const samples = { default: join(testdata, 'sample.flv'), nobf: join(testdata, 'sample-nobf.flv') } as const;

/** A running Onair process owned by one test. */
export class OnairServer {
  readonly secrets = new Set<string>();
  private readonly children: ChildProcess[] = [];
  private constructor(
    readonly baseURL: string,
    readonly dataDir: string,
    readonly logPath: string,
    private readonly proc: ChildProcess,
  ) {}

  static async start(env: Record<string, string> = {}): Promise<OnairServer> {
    const dataDir = mkdtempSync(join(tmpdir(), 'onair-e2e-'));
    const logPath = join(dataDir, 'server.log');
    const readyFile = join(dataDir, 'ready');
    const log = openSync(logPath, 'a');
    const proc = spawn(binary, ['serve'], {
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        HOME: process.env.HOME ?? '/tmp',
        ONAIR_DEV: '1',
        ONAIR_DATA_DIR: dataDir,
        ONAIR_HTTP_ADDR: '127.0.0.1:0',
        ONAIR_RTMP_ADDR: '127.0.0.1:0',
        ONAIR_WEBRTC_UDP_ADDR: '127.0.0.1:0',
        // The embedded SFU on loopback, free ports, no ICE-TCP listener.
        ONAIR_STAGES_SIGNAL_ADDR: '127.0.0.1:0',
        ONAIR_STAGES_UDP_PORT: '0',
        ONAIR_STAGES_TCP_PORT: '0',
        ONAIR_STAGES_NODE_IP: '127.0.0.1',
        ONAIR_READY_FILE: readyFile,
        ONAIR_LOG_LEVEL: 'debug',
        ...env,
      },
      stdio: ['ignore', log, log],
    });
    closeSync(log);
    const deadline = Date.now() + 15_000;
    while (!existsSync(readyFile)) {
      if (proc.exitCode !== null) {
        throw new Error(`onair exited with ${proc.exitCode}:\n${readFileSync(logPath, 'utf8')}`);
      }
      if (Date.now() > deadline) throw new Error(`onair not ready after 15 s:\n${readFileSync(logPath, 'utf8')}`);
      await new Promise((r) => setTimeout(r, 25));
    }
    const baseURL = readFileSync(readyFile, 'utf8').trim();
    return new OnairServer(baseURL, dataDir, logPath, proc);
  }

  /**
   * Runs `onair seed` against this server's database and waits for it to
   * finish (without --live, or with --live-for).
   */
  async seed(args: string[]): Promise<string> {
    const proc = this.seedProcess(args);
    let out = '';
    proc.stdout?.on('data', (b: Buffer) => (out += b.toString()));
    proc.stderr?.on('data', (b: Buffer) => (out += b.toString()));
    const code = await new Promise<number | null>((r) => proc.once('exit', r));
    if (code !== 0) throw new Error(`onair seed ${args.join(' ')} exited with ${code}:\n${out}`);
    return out;
  }

  /** Starts `onair seed` in the background (live test streams); killed by stop(). */
  seedProcess(args: string[]): ChildProcess {
    const proc = spawn(binary, ['seed', ...args], {
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', ONAIR_DATA_DIR: this.dataDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.children.push(proc);
    return proc;
  }

  /** Marks a value that must never appear in the server log. */
  secret(value: string): string {
    if (value) this.secrets.add(value);
    return value;
  }

  log(): string {
    return readFileSync(this.logPath, 'utf8');
  }

  async stop(): Promise<void> {
    for (const c of this.children) {
      if (c.exitCode === null && c.signalCode === null) {
        const exited = new Promise((r) => c.once('exit', r));
        c.kill('SIGTERM');
        await exited;
      }
    }
    if (this.proc.exitCode === null) {
      const exited = new Promise((r) => this.proc.once('exit', r));
      this.proc.kill('SIGTERM');
      await exited;
    }
  }

  /** Removes the data directory (kept when a test fails, for inspection). */
  cleanup(): void {
    rmSync(this.dataDir, { recursive: true, force: true });
  }

  /**
   * Waits for the newest mail to `to` whose subject contains `subject` and
   * was not seen before `since` mails to that address, and returns its link.
   */
  async mailLink(request: APIRequestContext, to: string, subject: string, since = 0): Promise<string> {
    let link = '';
    await expect
      .poll(
        async () => {
          const res = await request.get(`${this.baseURL}/dev/mailbox.json`);
          const body = (await res.json()) as { messages: { to: string; subject: string; links: string[] }[] };
          const mine = body.messages.filter((m) => m.to === to && m.subject.includes(subject));
          if (mine.length > since) link = mine[0].links[0];
          return mine.length > since;
        },
        { message: `mail "${subject}" to ${to}`, timeout: 10_000 },
      )
      .toBe(true);
    return link;
  }

  async mailCount(request: APIRequestContext, to: string, subject: string): Promise<number> {
    const res = await request.get(`${this.baseURL}/dev/mailbox.json`);
    const body = (await res.json()) as { messages: { to: string; subject: string }[] };
    return body.messages.filter((m) => m.to === to && m.subject.includes(subject)).length;
  }
}

export type Account = { username: string; email: string; password: string };

let counter = 0;
/** A fresh, valid account (not yet registered). */
export function newAccount(prefix = 'user'): Account {
  counter += 1;
  const tag = `${Date.now().toString(36).slice(-5)}${process.pid % 1000}${counter}`;
  return {
    username: `${prefix}_${tag}`.slice(0, 20),
    email: `${prefix}.${tag}@example.com`,
    password: `Pw-${tag}-Aa1!`,
  };
}

/**
 * ffmpeg publishing the committed sample (looped, in real time) over RTMP to
 * one channel. start() and stop() may be called again to simulate an encoder
 * that drops and reconnects.
 */
export class RtmpEncoder {
  private proc: ChildProcess | null = null;
  private output = '';
  constructor(
    private readonly url: string,
    private readonly file: string = samples.default,
  ) {}

  start(): void {
    if (this.proc) return;
    const proc = spawn('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-re', '-stream_loop', '-1', '-i', this.file, '-c', 'copy', '-f', 'flv', this.url], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    proc.stderr?.on('data', (b: Buffer) => {
      this.output = (this.output + b.toString()).slice(-4000);
    });
    proc.once('exit', () => {
      if (this.proc === proc) this.proc = null;
    });
    this.proc = proc;
  }

  /** Freezes ffmpeg (SIGSTOP): the connection stays open but no media flows. */
  pause(): void {
    this.proc?.kill('SIGSTOP');
  }

  /** Lets a paused ffmpeg carry on (SIGCONT). */
  resume(): void {
    this.proc?.kill('SIGCONT');
  }

  /** ffmpeg's last error output (for failure messages). */
  log(): string {
    return this.output;
  }

  async stop(): Promise<void> {
    const proc = this.proc;
    if (!proc) return;
    this.proc = null;
    if (proc.exitCode !== null || proc.signalCode !== null) return;
    const exited = new Promise((r) => proc.once('exit', r));
    proc.kill('SIGKILL');
    await exited;
  }
}

/** The owner's channel as GET /api/v1/channel returns it (the fields tests use). */
export type OwnChannel = {
  username: string;
  playbackUrl: string;
  ingestServerUrl: string;
  streamKeyValue: string;
};

type Fixtures = {
  /** Extra environment for the test's server (e.g. ONAIR_CHANNEL_TYPE); set with test.use. */
  serverEnv: Record<string, string>;
  server: OnairServer;
  /**
   * Starts ffmpeg publishing the sample to `account`'s channel over RTMP and
   * waits until the channel reports live. Stopped at the end of the test.
   */
  publishRtmp: (account: Account, sample?: keyof typeof samples) => Promise<RtmpEncoder>;
  /** Waits until GET /channels/:username says isLive === `live`. */
  waitLive: (username: string, live?: boolean) => Promise<void>;
  /** Registers and verifies an account through the API. */
  createUser: (prefix?: string) => Promise<Account>;
  /** Signs the page's browser context in through the API. */
  signIn: (account: Account) => Promise<void>;
  collectSecrets: void;
};

export const test = base.extend<Fixtures>({
  serverEnv: [{}, { option: true }],
  server: async ({ serverEnv }, use, testInfo) => {
    const server = await OnairServer.start(serverEnv);
    await use(server);
    await server.stop();
    // Every test is also a secrets audit of its server's whole log.
    const log = server.log();
    await testInfo.attach('server.log', { body: log, contentType: 'text/plain' });
    for (const s of server.secrets) {
      expect(log.includes(s), `server log contains a secret (${s.slice(0, 3)}...)`).toBe(false);
    }
    if (testInfo.status === testInfo.expectedStatus) server.cleanup();
  },
  baseURL: async ({ server }, use) => {
    await use(server.baseURL);
  },
  createUser: async ({ server, playwright }, use) => {
    const api = await playwright.request.newContext({ baseURL: server.baseURL });
    await use(async (prefix = 'user') => {
      const a = newAccount(prefix);
      server.secret(a.password);
      const res = await api.post('/api/v1/channel/register', {
        data: { ...a, avatar: 'bear', color: 'salmon' },
      });
      expect(res.status(), await res.text()).toBe(201);
      const link = await server.mailLink(api, a.email, 'Verify');
      const url = new URL(link);
      const verify = await api.post('/api/v1/auth/verify', {
        data: { username: url.searchParams.get('username'), code: url.searchParams.get('code') },
      });
      expect(verify.status(), await verify.text()).toBe(200);
      return a;
    });
    await api.dispose();
  },
  signIn: async ({ context, server }, use) => {
    await use(async (a: Account) => {
      const res = await context.request.post(`${server.baseURL}/api/v1/auth/signin`, {
        data: { username: a.username, password: a.password },
        headers: { Origin: server.baseURL },
      });
      expect(res.status(), await res.text()).toBe(200);
    });
  },
  waitLive: async ({ server, playwright }, use) => {
    const api = await playwright.request.newContext({ baseURL: server.baseURL });
    await use(async (username: string, live = true) => {
      await expect
        .poll(async () => ((await (await api.get(`/api/v1/channels/${username}`)).json()) as { isLive: boolean }).isLive, {
          message: `${username} isLive === ${live}`,
          timeout: 15_000,
        })
        .toBe(live);
    });
    await api.dispose();
  },
  publishRtmp: async ({ server, playwright, waitLive }, use) => {
    const encoders: RtmpEncoder[] = [];
    await use(async (a: Account, sample: keyof typeof samples = 'default') => {
      const api = await playwright.request.newContext({ baseURL: server.baseURL, extraHTTPHeaders: { Origin: server.baseURL } });
      const signedIn = await api.post('/api/v1/auth/signin', { data: { username: a.username, password: a.password } });
      expect(signedIn.status(), await signedIn.text()).toBe(200);
      for (const c of (await api.storageState()).cookies) if (c.name === 'onair_session') server.secret(c.value);
      const channel = (await (await api.get('/api/v1/channel')).json()) as OwnChannel;
      await api.dispose();
      server.secret(channel.streamKeyValue);
      const encoder = new RtmpEncoder(channel.ingestServerUrl + channel.streamKeyValue, samples[sample]);
      encoders.push(encoder);
      encoder.start();
      await waitLive(a.username).catch((err: Error) => {
        throw new Error(`${err.message}\nffmpeg: ${encoder.log()}`);
      });
      return encoder;
    });
    await Promise.all(encoders.map((e) => e.stop()));
  },
  collectSecrets: [
    async ({ context, server }, use) => {
      await use();
      await recordContextSecrets(context, server);
    },
    { auto: true },
  ],
});

/** Adds the context's session cookie and, if still signed in, its stream key to the server's secrets. */
async function recordContextSecrets(context: BrowserContext, server: OnairServer) {
  for (const c of await context.cookies()) {
    if (c.name === 'onair_session') server.secret(c.value);
  }
  const res = await context.request.get(`${server.baseURL}/api/v1/channel`).catch(() => null);
  if (res?.ok()) server.secret(((await res.json()) as { streamKeyValue: string }).streamKeyValue);
}

/** A <video> is decoding: enough data, not paused, and its playhead moves over ~2 s. */
export async function expectPlaying(video: Locator, timeout = 20_000): Promise<void> {
  await expect
    .poll(
      () =>
        video.evaluate(async (v: HTMLVideoElement) => {
          const t0 = v.currentTime;
          await new Promise((r) => setTimeout(r, 2000));
          return v.readyState >= 3 && !v.paused && v.currentTime - t0 > 1.2;
        }),
      { message: 'video playing', timeout, intervals: [250] },
    )
    .toBe(true);
}

/** At least `min` video frames are presented within one second (requestVideoFrameCallback). */
export async function expectVideoFrames(video: Locator, min = 10, timeout = 20_000): Promise<void> {
  await expect
    .poll(
      () =>
        video.evaluate(
          (v: HTMLVideoElement) =>
            new Promise<number>((resolve) => {
              let frames = 0;
              const count = () => {
                frames += 1;
                v.requestVideoFrameCallback(count);
              };
              v.requestVideoFrameCallback(count);
              setTimeout(() => resolve(frames), 1000);
            }),
        ),
      { message: `at least ${min} video frames a second`, timeout },
    )
    .toBeGreaterThanOrEqual(min);
}

export { expect };

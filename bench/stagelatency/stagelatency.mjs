// Co-host one-way latency in Chromium (issue 8): a host and an invited
// co-host sign in to a running onair, the host's page publishes the wall
// clock drawn into a canvas, the co-host's page (another browser context)
// reads it back from every displayed frame (see page.html). Prints one
// key=value line: samples, codec, the layer sizes received, p50/p90/p99/max.
//
//   node bench/stagelatency/stagelatency.mjs <baseURL> <hostUser> <guestUser> <password> [samples]
//
// Uses Playwright from e2e/node_modules (or PLAYWRIGHT_DIR/node_modules)
// and livekit-client from web/node_modules; Chromium at CHROMIUM_PATH
// (/usr/bin/chromium). Tokens come from Onair's API: the host creates the
// stage (GET /api/v1/stages/create), the guest joins it invited with the
// host's invite code.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium, percentile as pct, servePage } from '../internal/browser/browser.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const pwDir = process.env.PLAYWRIGHT_DIR ?? join(root, 'e2e');
const [base, hostUser, guestUser, password, samples = '300'] = process.argv.slice(2);
if (!base || !hostUser || !guestUser || !password) {
  console.error('usage: stagelatency.mjs <baseURL> <hostUser> <guestUser> <password> [samples]');
  process.exit(2);
}
const host = new URL(base).hostname;
if (host !== '127.0.0.1' && host !== 'localhost') {
  console.error('stagelatency: the server must be on 127.0.0.1');
  process.exit(2);
}

// signIn returns the Cookie header of a session for user.
async function signIn(user) {
  const res = await fetch(`${base}/api/v1/auth/signin`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: user, password }),
    signal: AbortSignal.timeout(10000),
  });
  if (res.status !== 200) throw new Error(`sign in ${user}: ${res.status} ${await res.text()}`);
  return res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
}

async function get(path, cookie) {
  const res = await fetch(base + path, { headers: { Cookie: cookie }, signal: AbortSignal.timeout(10000) });
  if (res.status !== 200) throw new Error(`GET ${path}: ${res.status} ${await res.text()}`);
  return res.json();
}

const hostCookie = await signIn(hostUser);
const guestCookie = await signIn(guestUser);
const hostJoin = await get('/api/v1/stages/create', hostCookie);
// The session link carries the host's invite code (?invite=).
const invite = hostJoin.inviteCode ? `?${new URLSearchParams({ invite: hostJoin.inviteCode })}` : '';
const guestJoin = await get(`/api/v1/stages/createParticipantToken/${encodeURIComponent(hostJoin.stageId)}/invited${invite}`, guestCookie);
if (hostJoin.participantRole !== 'host' || guestJoin.participantRole !== 'invited') {
  throw new Error(`roles ${hostJoin.participantRole}/${guestJoin.participantRole}, want host/invited`);
}

const files = {
  '/': ['text/html', readFileSync(join(here, 'page.html'))],
  '/livekit-client.umd.js': ['text/javascript',
    readFileSync(join(root, 'web', 'node_modules', 'livekit-client', 'dist', 'livekit-client.umd.js'))],
  '/clock.js': ['text/javascript', readFileSync(join(root, 'bench', 'internal', 'browser', 'clock.js'))],
};
const served = await servePage(files);
const page0 = served.url;
const browser = await launchChromium(pwDir);
try {
  const viewport = { width: 1280, height: 720 };
  const pubPage = await (await browser.newContext({ viewport })).newPage();
  const subPage = await (await browser.newContext({ viewport })).newPage();
  const open = (page, role, join) =>
    page.goto(`${page0}?${new URLSearchParams({ role, url: join.url, token: join.user.token, samples })}`);
  await open(pubPage, 'pub', hostJoin);
  const published = await pubPage.evaluate(() => window.result);
  await open(subPage, 'sub', guestJoin);
  const { lag, widths, codec } = await subPage.evaluate(() => window.result);
  const sizes = Object.entries(widths).map(([k, v]) => `${k}:${v}`).join(',');
  console.log([`codec=${codec || published.codec || '?'}`, `samples=${lag.length}`, `layers=${sizes}`,
    `p50_ms=${pct(lag, 0.5)}`, `p90_ms=${pct(lag, 0.9)}`, `p99_ms=${pct(lag, 0.99)}`, `max_ms=${pct(lag, 1)}`,
    `min_ms=${pct(lag, 0)}`].join(' '));
  await fetch(`${base}/api/v1/stages/end`, { method: 'PUT', headers: { Cookie: hostCookie } }).catch(() => {});
} finally {
  await browser.close();
  served.close();
}

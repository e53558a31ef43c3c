// Runs page.html in Debian Chromium against a running onair and prints the
// glass-to-glass latency of LL-HLS or WHEP playback (see page.html).
//
//   node bench/latency/latency.mjs <baseURL> <streamKey> <playbackId> <hls|whep> [samples]
//   EXTERNAL=1 node bench/latency/latency.mjs <baseURL> - <playbackId> hls [samples]
//     (another encoder publishes, e.g. ffmpeg over RTMP; only playingDate is sampled)
//
// Uses Playwright from e2e/node_modules and hls.js from web/node_modules.
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const { chromium } = createRequire(join(root, 'e2e', 'package.json'))('playwright-core');
const [base, key, playbackId, mode = 'hls', samples = '300'] = process.argv.slice(2);
if (!base || !key || !playbackId) {
  console.error('usage: latency.mjs <baseURL> <streamKey> <playbackId> <hls|whep> [samples]');
  process.exit(2);
}

const files = {
  '/': ['text/html', readFileSync(join(here, 'page.html'))],
  '/hls.min.js': ['text/javascript', readFileSync(join(root, 'web', 'node_modules', 'hls.js', 'dist', 'hls.min.js'))],
};
const server = createServer((req, res) => {
  const f = files[new URL(req.url, 'http://x').pathname];
  if (!f) return void res.writeHead(404).end();
  res.writeHead(200, { 'Content-Type': f[0] }).end(f[1]);
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const page0 = `http://127.0.0.1:${server.address().port}/`;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
    '--disable-sync', '--no-first-run', '--autoplay-policy=no-user-gesture-required'],
});
try {
  const page = await browser.newPage();
  const q = new URLSearchParams({ base, key, pb: playbackId, mode, samples, external: process.env.EXTERNAL === '1' ? '1' : '0' });
  await page.goto(`${page0}?${q}`);
  const { glass, pdt } = await page.evaluate(() => window.result);
  const pct = (a, p) => {
    const s = [...a].sort((x, y) => x - y);
    return s.length ? s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)] : NaN;
  };
  const line = [`mode=${mode}`, `samples=${glass.length}`, `glass_p50_ms=${pct(glass, 0.5)}`, `glass_p90_ms=${pct(glass, 0.9)}`,
    `glass_p99_ms=${pct(glass, 0.99)}`, `glass_max_ms=${pct(glass, 1)}`];
  if (pdt.length) line.push(`playingdate_p50_ms=${pct(pdt, 0.5)}`, `playingdate_p90_ms=${pct(pdt, 0.9)}`);
  console.log(line.join(' '));
} finally {
  await browser.close();
  server.close();
}

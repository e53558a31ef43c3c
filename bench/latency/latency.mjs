// Runs page.html in Debian Chromium against a running onair and prints the
// glass-to-glass latency of LL-HLS or WHEP playback (see page.html).
//
//   node bench/latency/latency.mjs <baseURL> <streamKey> <playbackId> <hls|whep> [samples]
//   EXTERNAL=1 node bench/latency/latency.mjs <baseURL> - <playbackId> hls [samples]
//     (another encoder publishes, e.g. ffmpeg over RTMP; only playingDate is sampled)
//   DEBUG=1 ...   also prints hls.js's debug log on standard error
//   CATCHUP=0 ... leaves catching up to hls.js instead of the player's rule
//
// Uses Playwright from e2e/node_modules and hls.js from web/node_modules.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium, percentile as pct, servePage } from '../internal/browser/browser.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const [base, key, playbackId, mode = 'hls', samples = '300'] = process.argv.slice(2);
if (!base || !key || !playbackId) {
  console.error('usage: latency.mjs <baseURL> <streamKey> <playbackId> <hls|whep> [samples]');
  process.exit(2);
}

const files = {
  '/': ['text/html', readFileSync(join(here, 'page.html'))],
  '/hls.min.js': ['text/javascript', readFileSync(join(root, 'web', 'node_modules', 'hls.js', 'dist', 'hls.min.js'))],
  '/clock.js': ['text/javascript', readFileSync(join(root, 'bench', 'internal', 'browser', 'clock.js'))],
};
const served = await servePage(files);
const page0 = served.url;
const browser = await launchChromium(join(root, 'e2e'));
try {
  const page = await browser.newPage();
  // DEBUG=1: hls.js's own log, with the page's clock, on standard error.
  if (process.env.DEBUG === '1') page.on('console', (m) => console.error(`${Date.now()} ${m.text()}`));
  const q = new URLSearchParams({ base, key, pb: playbackId, mode, samples, external: process.env.EXTERNAL === '1' ? '1' : '0',
    debug: process.env.DEBUG === '1' ? '1' : '0', catchup: process.env.CATCHUP === '0' ? '0' : '1' });
  await page.goto(`${page0}?${q}`);
  const { glass, pdt, stalls, target } = await page.evaluate(() => window.result);
  const line = [`mode=${mode}`, `samples=${glass.length}`, `glass_p50_ms=${pct(glass, 0.5)}`, `glass_p90_ms=${pct(glass, 0.9)}`,
    `glass_p99_ms=${pct(glass, 0.99)}`, `glass_max_ms=${pct(glass, 1)}`];
  if (pdt.length) line.push(`playingdate_p50_ms=${pct(pdt, 0.5)}`, `playingdate_p90_ms=${pct(pdt, 0.9)}`);
  line.push(`stalls=${stalls.length}`);
  if (stalls.length) line.push(`stalled_at_s=${stalls.join(',')}`);
  if (target != null) line.push(`target_latency_ms=${Math.round(target * 1000)}`);
  console.log(line.join(' '));
} finally {
  await browser.close();
  served.close();
}

// What the Chromium probes (bench/latency, bench/stagelatency) share: a
// loopback server for their page and its scripts, Debian Chromium launched
// through Playwright, and percentiles of the samples they collect.
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { join } from 'node:path';

/** Serves files ({ path: [contentType, body] }) on 127.0.0.1; resolves to { url, close }. */
export async function servePage(files) {
  const server = createServer((req, res) => {
    const f = files[new URL(req.url, 'http://x').pathname];
    if (!f) return void res.writeHead(404).end();
    res.writeHead(200, { 'Content-Type': f[0] }).end(f[1]);
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${server.address().port}/`, close: () => server.close() };
}

/** Launches Chromium (CHROMIUM_PATH, /usr/bin/chromium) with Playwright from playwrightDir/node_modules. */
export function launchChromium(playwrightDir) {
  const { chromium } = createRequire(join(playwrightDir, 'package.json'))('playwright-core');
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run', '--autoplay-policy=no-user-gesture-required'],
  });
}

/** The p-quantile (0 to 1) of a, nearest rank; NaN when a is empty. */
export function percentile(a, p) {
  const s = [...a].sort((x, y) => x - y);
  return s.length ? s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))] : NaN;
}

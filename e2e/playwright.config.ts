import { defineConfig, devices } from '@playwright/test';

// Every test starts its own Onair binary on port 0 (see fixtures.ts), so
// tests run in parallel without sharing state. Chromium is Debian's; a
// Playwright-downloaded browser is never used.
export default defineConfig({
  testDir: './tests',
  timeout: 60_000,
  // Two cores run two workers, each with a server, browsers and sometimes
  // ffmpeg: a first render can take over 5 s while a heavy test runs beside it.
  expect: { timeout: 10_000 },
  retries: 0,
  fullyParallel: true,
  workers: process.env.E2E_WORKERS ? Number(process.env.E2E_WORKERS) : 2,
  reporter: [['list']],
  outputDir: './test-results',
  use: {
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--use-fake-device-for-media-stream',
        '--use-fake-ui-for-media-stream',
      ],
    },
  },
  projects: [
    { name: 'desktop', testIgnore: [/.*\.mobile\.spec\.ts/, /stage\.spec\.ts/], use: { ...devices['Desktop Chrome'], viewport: { width: 1280, height: 800 } } },
    // Co-host sessions run four browsers that each encode 720p video: they
    // run after the rest, alone, so neither starves the other on 2 cores.
    {
      name: 'stages',
      testMatch: /stage\.spec\.ts/,
      dependencies: ['desktop'],
      use: { ...devices['Desktop Chrome'], viewport: { width: 1280, height: 800 } },
    },
    {
      name: 'mobile',
      testMatch: /.*\.mobile\.spec\.ts/,
      use: { ...devices['Pixel 5'], browserName: 'chromium' },
    },
  ],
});

import type { APIRequestContext, Page } from '@playwright/test';
import { test, expect, type Account } from '../fixtures';

// streamHealth.spec of spec 13.1 and issue 7, unmocked: every session is a
// real ffmpeg stream into the server, every figure comes from its media engine.

type Summary = { streamId: string; isLive: boolean; endTime: string | null };

/** The signed-in user's sessions, newest first. */
async function sessions(request: APIRequestContext): Promise<Summary[]> {
  const res = await request.get('/api/v1/metrics/sessions');
  expect(res.status(), await res.text()).toBe(200);
  return ((await res.json()) as { streamSessions: Summary[] }).streamSessions;
}

/** The names of one session's events, oldest first. */
async function sessionEvents(request: APIRequestContext, streamId: string): Promise<string[]> {
  const res = await request.get(`/api/v1/metrics/sessions/${streamId}`);
  expect(res.status(), await res.text()).toBe(200);
  return ((await res.json()) as { truncatedEvents: { name: string }[] }).truncatedEvents.map((e) => e.name);
}

/** Charts need at least two 5 s points: stay live long enough for three. */
const SESSION_MS = 16_000;

const chart = (page: Page, name: string) => page.getByRole('region', { name });

async function expectEvents(page: Page, names: string[]) {
  const rows = page.getByRole('button', { name: /description for the .* stream event$/ });
  await expect(rows).toHaveText(names.map((n) => new RegExp(n)));
}

test.describe('stream health', () => {
  test.describe.configure({ mode: 'serial' });

  test('a new user is told to go live first', async ({ page, createUser, signIn }) => {
    await signIn(await createUser('fresh'));
    await page.goto('/health');
    await expect(page.getByText('To monitor stream health you must first start a live stream.')).toBeVisible();
    await expect(page).toHaveURL(/\/health$/);
    await expect(page.getByTestId('stream-session-dropdown')).toHaveCount(0);
    await page.getByTestId('stream-session-navigator-button').click();
    const dropdown = page.getByTestId('stream-session-dropdown');
    await expect(dropdown).toContainText('No stream sessions');
    await expect(dropdown).toContainText('Stream sessions will show up here when there is data.');
    await page.keyboard.press('Escape');
    await expect(dropdown).toHaveCount(0);
    await page.getByRole('button', { name: 'Settings' }).click();
    await expect(page).toHaveURL(/\/settings$/);
  });

  test.describe('two ended sessions', () => {
    test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

    test('land on the newest, charts, events, encoder values, arrows and dropdown', async ({
      page,
      createUser,
      signIn,
      publishRtmp,
      waitLive,
    }) => {
      test.setTimeout(120_000);
      const streamer: Account = await createUser('past');
      for (let i = 0; i < 2; i++) {
        const encoder = await publishRtmp(streamer);
        await page.waitForTimeout(SESSION_MS);
        await encoder.stop();
        await waitLive(streamer.username, false);
      }
      await signIn(streamer);
      const [newest, older] = await sessions(page.request);
      expect(newest!.isLive).toBe(false);
      expect(older).toBeDefined();

      await page.goto('/health');
      await expect(page).toHaveURL(new RegExp(`/health/${newest!.streamId}$`));

      for (const name of ['Video bitrate', 'Frame rate']) {
        await expect(chart(page, name).locator('canvas').first()).toBeVisible();
      }
      await expect(page.getByText('No data available')).toHaveCount(0);
      await expectEvents(page, ['Session created', 'Stream started', 'Stream ended', 'Session ended']);

      const status = page.getByRole('status', { name: 'Stream status' });
      await expect(status.getByRole('timer')).toHaveText('Offline');
      await expect(status.locator('.status-bar__views-value')).toHaveText(/^\d+$/);
      await expect(page.getByRole('button', { name: 'View stream health' })).toHaveCount(0);

      const all = page.getByRole('button', { name: 'Show all of the data' });
      const hour = page.getByRole('button', { name: 'Show the latest 1 hour of data' });
      await expect(all).toHaveAttribute('aria-pressed', 'true');
      await hour.click();
      await expect(hour).toHaveAttribute('aria-pressed', 'true');
      await expect(hour).toHaveText('1 hr');
      await expect(all).toHaveAttribute('aria-pressed', 'false');

      await expect(page.getByRole('heading', { name: 'Encoder configuration' })).toBeVisible();
      for (const label of ['Video encoder', 'Audio codec', 'Video codec']) {
        await page.getByRole('button', { name: `Copy the ${label} value` }).click();
        await expect(page.getByText(`${label} copied`)).toBeVisible();
      }
      expect(await page.evaluate(() => navigator.clipboard.readText())).toMatch(/^(avc1|h264)/i);

      const previous = page.getByRole('button', { name: 'Go to previous session' });
      const next = page.getByRole('button', { name: 'Go to next session' });
      await expect(next).toBeDisabled();
      await expect(previous).toBeEnabled();
      await previous.click();
      await expect(page).toHaveURL(new RegExp(`/health/${older!.streamId}$`));
      await expect(previous).toBeDisabled();
      await expect(next).toBeEnabled();
      await page.goBack();
      await expect(page).toHaveURL(new RegExp(`/health/${newest!.streamId}$`));
      await expect(next).toBeDisabled();

      await page.getByTestId('stream-session-navigator-button').click();
      const dropdown = page.getByTestId('stream-session-dropdown');
      await expect(dropdown.getByRole('button', { name: /^Navigate to stream session / })).toHaveCount(2);
      await expect(dropdown.getByRole('region', { name: 'Today' })).toBeVisible();
      await dropdown.getByRole('button', { name: `Navigate to stream session ${older!.streamId}` }).click();
      await expect(page).toHaveURL(new RegExp(`/health/${older!.streamId}$`));
      await expect(dropdown).toHaveCount(0);
      await expectEvents(page, ['Session created', 'Stream started', 'Stream ended', 'Session ended']);
    });
  });

  test('a live session: timer, LIVE pill, newest events first, 5 min zoom, starvation and its end', async ({
    page,
    createUser,
    signIn,
    publishRtmp,
    waitLive,
  }) => {
    test.setTimeout(240_000);
    const streamer = await createUser('live');
    const first = await publishRtmp(streamer);
    await page.waitForTimeout(6_000);
    await first.stop();
    await waitLive(streamer.username, false);
    const encoder = await publishRtmp(streamer);
    await signIn(streamer);
    const [live, ended] = await sessions(page.request);
    expect(live!.isLive).toBe(true);

    await page.goto('/health');
    await expect(page).toHaveURL(new RegExp(`/health/${live!.streamId}$`));
    const status = page.getByRole('status', { name: 'Stream status' });
    await expect(status.getByRole('timer')).toHaveText(/^00:\d\d:\d\d$/);
    await expect(page.getByRole('button', { name: 'View stream health' })).toHaveCount(0);
    await expectEvents(page, ['Stream started', 'Session created']);
    await expect(page.getByRole('button', { name: 'Show the latest 5 minutes of data' })).toHaveAttribute('aria-pressed', 'true');
    await page.getByRole('button', { name: 'Show the latest 1 hour of data' }).click();
    await expect(page.getByRole('button', { name: 'Show the latest 1 hour of data' })).toHaveAttribute('aria-pressed', 'true');

    const views = status.locator('.status-bar__views');
    await views.hover();
    await expect(page.getByRole('tooltip', { name: 'Concurrent views' })).toBeVisible();

    await page.getByTestId('stream-session-navigator-button').click();
    const dropdown = page.getByTestId('stream-session-dropdown');
    await expect(dropdown.getByRole('button', { name: `Navigate to stream session ${live!.streamId}` })).toContainText('LIVE');
    await page.keyboard.press('Escape');

    // A live chart leaves out its last 30 s (not final yet): it fills in as the stream runs.
    await expect(chart(page, 'Video bitrate').locator('canvas').first()).toBeVisible({ timeout: 90_000 });

    // Media stops (the encoder is frozen, its connection open): "Poor stability".
    // The encoder carries on as soon as the server has recorded it, well
    // before the server's 10 s read timeout would end the session.
    encoder.pause();
    await expect
      .poll(async () => (await sessionEvents(page.request, live!.streamId)).includes('Starvation Start'), { timeout: 9_000, intervals: [250] })
      .toBe(true);
    encoder.resume();
    await expect(page.getByRole('button', { name: /description for the Poor stability stream event$/ }).first()).toBeVisible({ timeout: 20_000 });
    await expect(page.getByTestId('starvation-band').first()).toBeAttached({ timeout: 20_000 });
    await page.getByRole('button', { name: 'Show description for the Poor stability stream event' }).first().click();
    await page.getByRole('button', { name: 'Learn how to fix it' }).click();
    const help = page.getByRole('dialog');
    await expect(help).toContainText('80%');
    await page.keyboard.press('Escape');
    await expect(help).toHaveCount(0);

    await expect(page.getByRole('button', { name: /description for the Good stability stream event$/ })).toBeVisible({ timeout: 20_000 });

    await page.getByRole('button', { name: 'Go to previous session' }).click();
    await expect(page).toHaveURL(new RegExp(`/health/${ended!.streamId}$`));
    await page.getByRole('button', { name: 'Go to next session' }).click();
    await expect(page).toHaveURL(new RegExp(`/health/${live!.streamId}$`));

    // The stream ends while it is watched: the page says so and reloads on request.
    await encoder.stop();
    const modal = page.getByRole('alertdialog', { name: 'Live stream ended' });
    await expect(modal).toBeVisible({ timeout: 30_000 });
    await expect(modal).toContainText('The live stream you were monitoring has ended. Reload the page to view the stream summary.');
    await modal.getByRole('button', { name: 'Reload' }).click();
    await expect(status.getByRole('timer')).toHaveText('Offline');
  });
});

import { test, expect, expectPlaying, expectVideoFrames } from '../fixtures';

test.describe('go live from the browser', () => {
  test('publish over WHIP; a viewer watches; "End stream" ends it', async ({ page, browser, server, createUser, signIn, waitLive }) => {
    // Two browsers encode and decode video while another worker streams
    // too: each wait below has its own bound, the sum of them exceeds 60 s.
    test.setTimeout(120_000);
    const a = await createUser('web');
    await signIn(a);
    await page.goto('/manager');
    await expect(page.getByRole('heading', { name: 'Go live' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Mute' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Hide camera' })).toBeVisible();
    const start = page.getByRole('button', { name: 'Start stream' });
    // Enabled once the camera and microphone are open.
    await expect(start).not.toHaveAttribute('aria-disabled', 'true');
    await start.click();
    const end = page.getByRole('button', { name: 'End stream' });
    await expect(end).toBeVisible({ timeout: 15_000 });
    await waitLive(a.username);

    const viewerContext = await browser.newContext({ baseURL: server.baseURL });
    const viewer = await viewerContext.newPage();
    await viewer.goto(`/${a.username}`);
    const video = viewer.locator('video');
    await expectPlaying(video);
    await expectVideoFrames(video);
    // The browser's stream also plays over WebRTC (WHEP).
    await viewer.getByRole('button', { name: 'Sub-second latency (WebRTC)' }).click();
    await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.srcObject instanceof MediaStream)).toBe(true);
    await expectVideoFrames(video);

    await end.click();
    const confirm = page.getByRole('alertdialog');
    await expect(confirm.getByRole('heading', { name: 'Are you sure you want to end your live stream?' })).toBeVisible();
    await confirm.getByRole('button', { name: 'End stream' }).click();
    await expect(page.getByRole('button', { name: 'Start stream' })).toBeVisible();
    await expect(viewer.getByText('Stream offline')).toBeVisible({ timeout: 15_000 });
    await viewerContext.close();
  });

  test('leaving the page while live asks first, then ends the stream', async ({ page, createUser, signIn, waitLive }) => {
    const a = await createUser('leave');
    await signIn(a);
    await page.goto('/manager');
    const start = page.getByRole('button', { name: 'Start stream' });
    await expect(start).not.toHaveAttribute('aria-disabled', 'true');
    await start.click();
    await expect(page.getByRole('button', { name: 'End stream' })).toBeVisible({ timeout: 15_000 });

    await page.getByRole('link', { name: 'Go to the Home page' }).click();
    const confirm = page.getByRole('alertdialog');
    await expect(confirm.getByRole('heading', { name: 'Are you sure you want to leave this page? This will end your live stream.' })).toBeVisible();
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await expect(page).toHaveURL(/\/manager$/);
    await expect(page.getByRole('button', { name: 'End stream' })).toBeVisible();

    await page.getByRole('link', { name: 'Go to the Home page' }).click();
    await confirm.getByRole('button', { name: 'Leave page' }).click();
    await expect(page).toHaveURL(/\/$/);
    await waitLive(a.username, false);
  });

  test('"Start stream" is disabled while another encoder is live', async ({ page, createUser, signIn, publishRtmp }) => {
    const a = await createUser('busy');
    await publishRtmp(a);
    await signIn(a);
    await page.goto('/manager');
    const start = page.getByRole('button', { name: 'Start stream' });
    await expect(start).toHaveAttribute('aria-disabled', 'true');
    await start.hover();
    await expect(page.getByRole('tooltip')).toHaveText('Your channel is already live');
    await expect(start).toHaveAccessibleDescription('Your channel is already live');
  });

  test('camera, mic, screen share, settings and full screen controls', async ({ page, createUser, signIn }) => {
    await signIn(await createUser('ctl'));
    await page.goto('/manager');
    await expect(page.getByRole('button', { name: 'Start stream' })).not.toHaveAttribute('aria-disabled', 'true');

    await page.getByRole('button', { name: 'Mute' }).click();
    await expect(page.getByRole('button', { name: 'Unmute' })).toBeVisible();
    await page.getByRole('button', { name: 'Hide camera' }).click();
    await expect(page.getByRole('button', { name: 'Show camera' })).toBeVisible();
    await page.getByRole('button', { name: 'Show camera' }).click();

    await page.getByRole('button', { name: 'Share your screen' }).click();
    await expect(page.getByRole('button', { name: 'Stop sharing' })).toBeVisible();
    await page.getByRole('button', { name: 'Stop sharing' }).click();
    await expect(page.getByRole('button', { name: 'Share your screen' })).toBeVisible();

    await page.getByRole('button', { name: 'Audio & video settings' }).click();
    const dialog = page.getByRole('dialog', { name: 'Audio & video settings' });
    await expect(dialog.getByLabel('Camera', { exact: true })).toBeVisible();
    const mic = dialog.getByLabel('Microphone');
    const options = await mic.locator('option').allTextContents();
    expect(options.length).toBeGreaterThan(1);
    const current = await mic.evaluate((s: HTMLSelectElement) => s.selectedOptions[0]?.text);
    const other = options.find((o) => o !== current) ?? options[1]!;
    await mic.selectOption({ label: other });
    await expect(page.getByTestId('success-notification')).toHaveText(`Mic changed to ${other}`);
    const pip = dialog.getByRole('switch', { name: 'Show camera on screen share' });
    await expect(pip).toHaveAttribute('aria-checked', 'true');
    await pip.click();
    await expect(pip).toHaveAttribute('aria-checked', 'false');
    await dialog.getByRole('button', { name: 'Done' }).click();
    await expect(dialog).toHaveCount(0);

    await page.getByRole('button', { name: 'Expand full screen' }).click();
    await expect(page.getByRole('button', { name: 'Collapse full screen' })).toBeVisible();
    await page.getByRole('button', { name: 'Collapse full screen' }).click();
    await expect(page.getByRole('button', { name: 'Expand full screen' })).toBeVisible();
  });
});

import type { Page } from '@playwright/test';
import { test, expect, expectPlaying, expectVideoFrames } from '../fixtures';

/** Moves the focus back to the page body, where Space toggles play/pause. */
async function focusBody(page: Page) {
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
}

test.describe('channel player', () => {
  test('offline channel shows "Stream offline" and no controls', async ({ page, createUser, signIn }) => {
    const a = await createUser('off');
    // The channel exists once its owner has signed in and asked for it.
    await signIn(a);
    expect((await page.request.get('/api/v1/channel')).ok()).toBe(true);
    await page.goto(`/${a.username}`);
    await expect(page.getByRole('heading', { name: a.username })).toBeVisible();
    await expect(page.getByText('Stream offline')).toBeVisible();
    await expect(page.getByRole('toolbar')).toHaveCount(0);
    await expect(page.getByRole('heading', { name: 'Chat' })).toBeVisible();
  });

  test('plays RTMP over LL-HLS; controls; offline and back without reload', async ({ page, createUser, publishRtmp }) => {
    const a = await createUser('live');
    const encoder = await publishRtmp(a);
    await page.goto(`/${a.username}`);
    const video = page.locator('video');
    await expectPlaying(video);
    const toolbar = page.getByRole('toolbar', { name: 'Player controls' });
    await expect(toolbar).toBeVisible();
    await expect(page.getByText('Live', { exact: true })).toBeVisible();

    // Pause and play with the button.
    await toolbar.getByRole('button', { name: 'Pause the stream' }).click();
    await expect(toolbar.getByRole('button', { name: 'Play the stream' })).toBeVisible();
    expect(await video.evaluate((v: HTMLVideoElement) => v.paused)).toBe(true);
    await toolbar.getByRole('button', { name: 'Play the stream' }).click();
    await expect(toolbar.getByRole('button', { name: 'Pause the stream' })).toBeVisible();
    await expectPlaying(video);

    // Space toggles play/pause when the focus is on the page.
    await focusBody(page);
    await page.keyboard.press('Space');
    await expect(toolbar.getByRole('button', { name: 'Play the stream' })).toBeVisible();
    await page.keyboard.press('Space');
    await expect(toolbar.getByRole('button', { name: 'Pause the stream' })).toBeVisible();
    await expectPlaying(video);

    // Mute toggle and the volume slider. (If autoplay was only allowed muted, start by unmuting.)
    const unmute = toolbar.getByRole('button', { name: 'Unmute the stream' });
    if (await unmute.isVisible()) await unmute.click();
    await toolbar.getByRole('button', { name: 'Mute the stream' }).click();
    await expect(unmute).toBeVisible();
    expect(await video.evaluate((v: HTMLVideoElement) => v.muted)).toBe(true);
    await unmute.click();
    expect(await video.evaluate((v: HTMLVideoElement) => v.muted)).toBe(false);
    await toolbar.getByRole('button', { name: 'Mute the stream' }).hover();
    const slider = toolbar.getByRole('slider', { name: 'Volume' });
    await slider.fill('30');
    expect(await video.evaluate((v: HTMLVideoElement) => Math.round(v.volume * 100))).toBe(30);
    await slider.fill('0');
    await expect(unmute).toBeVisible();

    // Quality menu: Auto plus the channel's one rendition.
    await toolbar.getByRole('button', { name: 'Video quality' }).click();
    await expect(page.getByRole('menuitemradio', { name: 'Select the Auto video quality' })).toHaveAttribute('aria-checked', 'true');
    await page.getByRole('menuitemradio', { name: 'Select the 360p video quality' }).click();
    await expect(toolbar.getByRole('button', { name: 'Video quality' })).toHaveText('360p');

    // Fullscreen with the button, then with a double-click on the picture.
    await toolbar.getByRole('button', { name: 'Enable fullscreen mode' }).click();
    await expect.poll(() => page.evaluate(() => document.fullscreenElement !== null)).toBe(true);
    await toolbar.getByRole('button', { name: 'Disable fullscreen mode' }).click();
    await expect.poll(() => page.evaluate(() => document.fullscreenElement === null)).toBe(true);
    await video.dblclick();
    await expect.poll(() => page.evaluate(() => document.fullscreenElement !== null)).toBe(true);

    // The encoder stops: the viewer sees "Stream offline" (and leaves fullscreen) without reloading.
    await page.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));
    await encoder.stop();
    await expect(page.getByText('Stream offline')).toBeVisible({ timeout: 15_000 });
    await expect.poll(() => page.evaluate(() => document.fullscreenElement === null)).toBe(true);
    await expect(toolbar).toHaveCount(0);

    // It comes back: playback resumes, still the same page.
    encoder.start();
    await expectPlaying(video, 25_000);
    await expect(page.getByText('Stream offline')).toHaveCount(0);
    expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
  });

  test('an encoder that drops and reconnects at once resumes for a viewer already watching', async ({ page, createUser, publishRtmp }) => {
    const a = await createUser('drop');
    const encoder = await publishRtmp(a);
    await page.goto(`/${a.username}`);
    const video = page.locator('video');
    await expectPlaying(video);
    await page.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));

    await encoder.stop();
    encoder.start();
    // Wait for the player to notice (a fresh source starts from an empty element), then for playback.
    await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.readyState < 3 || v.paused), { timeout: 15_000 }).toBe(true);
    await expectPlaying(video, 25_000);
    expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
  });

  test('sub-second playback over WebRTC (WHEP)', async ({ page, createUser, publishRtmp }) => {
    const a = await createUser('whep');
    // WebRTC players cannot reorder frames: the encoder sends no B-frames,
    // as OBS must for sub-second playback.
    await publishRtmp(a, 'nobf');
    await page.goto(`/${a.username}`);
    const video = page.locator('video');
    await expectPlaying(video);
    const toolbar = page.getByRole('toolbar', { name: 'Player controls' });
    const webrtc = toolbar.getByRole('button', { name: 'Sub-second latency (WebRTC)' });
    await expect(webrtc).toHaveAttribute('aria-pressed', 'false');
    await webrtc.click();
    await expect(webrtc).toHaveAttribute('aria-pressed', 'true');
    // The element now plays a WebRTC MediaStream, and video frames are decoded.
    await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.srcObject instanceof MediaStream), { timeout: 10_000 }).toBe(true);
    await expectVideoFrames(video);
    await expectPlaying(video);
    await expect(page.getByTestId('error-notification')).toHaveCount(0);

    // And back to LL-HLS.
    await webrtc.click();
    await expect(webrtc).toHaveAttribute('aria-pressed', 'false');
    await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.srcObject === null)).toBe(true);
    await expectPlaying(video);
  });

  test('unknown channel is unavailable', async ({ page }) => {
    await page.goto('/nobody_here');
    await expect(page.getByText('This page is unavailable')).toBeVisible();
  });
});

test.describe('STANDARD channel player', () => {
  test.use({ serverEnv: { ONAIR_CHANNEL_TYPE: 'STANDARD' } });

  test('the quality menu lists the transcoded renditions and switching keeps playing', async ({ page, createUser, publishRtmp, server }) => {
    const a = await createUser('ladder');
    // The 640x360 sample: a 160p rendition beside the source.
    await publishRtmp(a);
    await expect.poll(() => server.log().includes('msg="ladder started"'), { message: 'ladder started' }).toBe(true);
    await page.goto(`/${a.username}`);
    const video = page.locator('video');
    await expectPlaying(video);

    const toolbar = page.getByRole('toolbar', { name: 'Player controls' });
    await toolbar.getByRole('button', { name: 'Video quality' }).click();
    await expect(page.getByRole('menuitemradio', { name: 'Select the Auto video quality' })).toHaveAttribute('aria-checked', 'true');
    await expect(page.getByRole('menuitemradio', { name: 'Select the 360p (source) video quality' })).toBeVisible();
    await page.getByRole('menuitemradio', { name: 'Select the 160p video quality' }).click();
    await expect(toolbar.getByRole('button', { name: 'Video quality' })).toHaveText('160p');
    await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.videoHeight), { timeout: 15_000 }).toBe(160);
    await expectPlaying(video);
    await expectVideoFrames(video);

    // And back to the source.
    await toolbar.getByRole('button', { name: 'Video quality' }).click();
    await page.getByRole('menuitemradio', { name: 'Select the 360p (source) video quality' }).click();
    await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.videoHeight), { timeout: 15_000 }).toBe(360);
    await expectPlaying(video);
  });
});

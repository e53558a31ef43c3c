import { test, expect, expectPlaying } from '../fixtures';

test('mobile: the stream manager has "Manage stream" and "Go live" tabs', async ({ page, createUser, signIn }) => {
  await signIn(await createUser('mtab'));
  await page.goto('/manager');
  const goLive = page.getByRole('tab', { name: 'Go live' });
  await expect(goLive).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('button', { name: 'Start stream' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Mute' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Expand full screen' })).toHaveCount(0);

  await page.getByRole('tab', { name: 'Manage stream' }).click();
  await expect(page.getByRole('tabpanel', { name: 'Manage stream' }).getByRole('heading', { name: 'Chat' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Start stream' })).toBeHidden();
  await goLive.click();
  await expect(page.getByRole('button', { name: 'Start stream' })).toBeVisible();
});

test('mobile: the channel page plays a live stream above the chat column', async ({ page, createUser, publishRtmp }) => {
  const a = await createUser('mplay');
  await publishRtmp(a);
  await page.goto(`/${a.username}`);
  const video = page.locator('video');
  await expectPlaying(video);
  const player = await video.boundingBox();
  const chat = await page.getByRole('heading', { name: 'Chat' }).boundingBox();
  expect(player && chat && chat.y > player.y + player.height - 1).toBe(true);
  await expect(page.getByRole('toolbar', { name: 'Player controls' })).toBeAttached();
});

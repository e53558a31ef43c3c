import { devices } from '@playwright/test';
import { test, expect } from '../fixtures';

test('mobile: signed-out viewers read the chat without a composer; signed-in viewers get one', async ({ page, browser, server, createUser, signIn }) => {
  const owner = await createUser('mobown');
  await signIn(owner);
  expect((await page.request.get('/api/v1/channel')).ok()).toBe(true);
  await page.goto('/manager');
  await page.getByRole('tab', { name: /Manage/ }).click();
  await expect(page.getByLabel('Connecting to chat')).toHaveCount(0);
  const composer = page.getByPlaceholder('Say something');
  await composer.fill('hello phones');
  await composer.press('Enter');

  const anon = await browser.newContext({ ...devices['Pixel 5'], baseURL: server.baseURL });
  const viewer = await anon.newPage();
  await viewer.goto(`/${owner.username}`);
  const log = viewer.getByRole('log', { name: 'Chat messages' });
  await expect(log.getByTestId('chatline').filter({ hasText: 'hello phones' })).toBeVisible();
  await expect(viewer.getByPlaceholder('Say something')).toBeHidden();
  await anon.close();

  await page.goto(`/${owner.username}`);
  await expect(page.getByPlaceholder('Say something')).toBeVisible();
});

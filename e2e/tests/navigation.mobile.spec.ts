import { test, expect } from '../fixtures';

test('mobile: floating menu signs out', async ({ page, createUser, signIn }) => {
  await signIn(await createUser('mob'));
  await page.goto('/');
  await page.getByTestId('floating-menu-toggle').click();
  await page.getByTestId('logout-action').click();
  await expect(page).toHaveURL(/\/$/);
  expect(await page.evaluate(() => localStorage.length)).toBe(0);
  await expect(page.getByRole('button', { name: 'Log in' })).toBeVisible();
});

test('mobile: signed-out users see Log in and Sign up', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'Sign up' }).click();
  await expect(page).toHaveURL(/\/register$/);
});

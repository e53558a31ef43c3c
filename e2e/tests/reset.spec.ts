import { test, expect } from '../fixtures';

test('forgot password: request, resend, set a new password, sign in with it', async ({ page, server, createUser }) => {
  const a = await createUser('reset');
  const newPassword = server.secret('NewPassword0!');

  await page.goto('/reset');
  await page.getByLabel('Email').fill(a.email);
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(
    page.getByText('If an account with this email address exists, you will receive an email with a link to reset your password.'),
  ).toBeVisible();
  await server.mailLink(page.request, a.email, 'assword');

  await page.getByRole('button', { name: 'Resend' }).click();
  await expect(page.getByTestId('success-notification')).toHaveText('Verification email has been resent');
  const link = await server.mailLink(page.request, a.email, 'assword', 1);
  expect(link).toContain('/reset?code=');

  await page.goto(link);
  await page.getByLabel('New password', { exact: true }).fill(newPassword);
  await page.getByLabel('Confirm new password').fill(newPassword);
  await page.getByRole('button', { name: 'Submit' }).click();
  await expect(page.getByTestId('success-notification')).toHaveText('Password has been reset');
  await expect(page).toHaveURL(/\/login$/);

  await page.getByLabel('Username').fill(a.username);
  await page.getByLabel('Password', { exact: true }).fill(a.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('error-notification')).toHaveText('Incorrect username or password');

  await page.getByLabel('Password', { exact: true }).fill(newPassword);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/$/);
});

test('an unknown email gets the same confirmation and no mail', async ({ page, server }) => {
  await page.goto('/reset');
  await page.getByLabel('Email').fill('nobody@example.com');
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(
    page.getByText('If an account with this email address exists, you will receive an email with a link to reset your password.'),
  ).toBeVisible();
  expect(await server.mailCount(page.request, 'nobody@example.com', '')).toBe(0);
  await page.getByRole('link', { name: 'Return to login' }).click();
  await expect(page).toHaveURL(/\/login$/);
});

test('a reset link with only one parameter is normalised', async ({ page }) => {
  await page.goto('/reset?code=123456');
  await expect(page).toHaveURL(/\/reset$/);
  await expect(page.getByRole('button', { name: 'Continue' })).toBeVisible();
});

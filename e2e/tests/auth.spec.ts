import { test, expect, newAccount } from '../fixtures';

test.describe('accounts', () => {
  test('register, verify by mail, sign in, sign out', async ({ page, server }) => {
    const a = newAccount('reg');
    server.secret(a.password);

    await page.goto('/register');
    await expect(page.getByRole('heading', { name: 'Create a new account' })).toBeVisible();
    await page.getByLabel('Username').fill(a.username);
    await page.getByLabel('Email').fill(a.email);
    await page.getByLabel('Password', { exact: true }).fill(a.password);
    await page.getByLabel('Confirm password').fill(a.password);
    await page.getByRole('button', { name: 'Create account' }).click();
    await expect(page.getByRole('heading', { name: 'Verify your account' })).toBeVisible();

    // Resend sends a second verification mail.
    const before = await server.mailCount(page.request, a.email, 'Verify');
    await page.getByRole('button', { name: 'Resend' }).click();
    await expect(page.getByTestId('success-notification')).toHaveText('Verification email has been resent');
    const link = await server.mailLink(page.request, a.email, 'Verify', before);
    expect(link).toContain('/login?code=');

    // An unverified account cannot sign in yet.
    await page.goto('/login');
    await page.getByLabel('Username').fill(a.username);
    await page.getByLabel('Password', { exact: true }).fill(a.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByTestId('error-notification')).toBeVisible();
    await expect(page).toHaveURL(/\/login/);

    await page.goto(link);
    await expect(page.getByTestId('success-notification')).toHaveText('Your registration has been confirmed');
    await expect(page).toHaveURL(/\/login$/);

    // The link is single-use.
    await page.goto(link);
    await expect(page.getByTestId('error-notification')).toHaveText('Your registration has not been confirmed');

    await page.goto('/login');
    // Sign in with the email address in another case.
    await page.getByLabel('Username').fill(`  ${a.email.toUpperCase()} `);
    await page.getByLabel('Password', { exact: true }).fill(a.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page).toHaveURL(/\/$/);
    await page.goBack();
    await expect(page).not.toHaveURL(/\/login/);

    await page.evaluate(() => localStorage.setItem('probe', '1'));
    await page.getByRole('button', { name: 'Open navigation menu' }).click();
    await page.getByRole('button', { name: 'Log out' }).click();
    await expect(page).toHaveURL(/\/$/);
    await expect(page.getByRole('button', { name: 'Log in' })).toBeVisible();
    expect(await page.evaluate(() => localStorage.length)).toBe(0);

    // The session is gone on the server too.
    const me = await page.request.get('/api/v1/auth/session');
    expect(me.status()).toBe(401);
  });

  test('wrong password is refused with the spec message', async ({ page, createUser }) => {
    const a = await createUser('wrong');
    await page.goto('/login');
    await page.getByLabel('Username').fill(a.username);
    await page.getByLabel('Password', { exact: true }).fill('Not-the-password1!');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByTestId('error-notification')).toHaveText('Incorrect username or password');
  });

  test('register shows field errors from the client and the server', async ({ page, createUser }) => {
    const taken = await createUser('taken');
    await page.goto('/register');
    const username = page.getByLabel('Username');
    await username.fill('ab');
    await username.blur();
    await expect(page.getByText('Use 4 to 20 characters with a mix of letters, numbers & symbols.')).toBeVisible();
    const password = page.getByLabel('Password', { exact: true });
    await password.fill('short');
    await password.blur();
    await expect(
      page.getByText('Use 8 or more characters with a mix of uppercase & lowercase letters, numbers & symbols.').last(),
    ).toBeVisible();

    await username.fill(taken.username.toUpperCase());
    await page.getByLabel('Email').fill(`other.${taken.email}`);
    await password.fill('Passw0rd!x');
    await page.getByLabel('Confirm password').fill('Passw0rd!x');
    await page.getByRole('button', { name: 'Create account' }).click();
    await expect(page.getByText('This username has been taken.')).toBeVisible();

    await username.fill('Settings');
    await page.getByRole('button', { name: 'Create account' }).click();
    await expect(page.getByText('This username is unavailable.')).toBeVisible();
  });

  test('a protected page sends a signed-out user to sign in and back', async ({ page, createUser }) => {
    const a = await createUser('back');
    await page.goto('/settings');
    await expect(page).toHaveURL(/\/login$/);
    await page.getByLabel('Username').fill(a.username);
    await page.getByLabel('Password', { exact: true }).fill(a.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page).toHaveURL(/\/settings$/);
    await expect(page.getByRole('heading', { name: 'Settings', level: 1 })).toBeVisible();
    // Signed in, /login leads away.
    await page.goto('/login');
    await expect(page).not.toHaveURL(/\/login/);
  });

  test('links between the account pages', async ({ page }) => {
    await page.goto('/login');
    await page.getByRole('link', { name: 'Forgot password?' }).click();
    await expect(page).toHaveURL(/\/reset$/);
    await page.getByRole('link', { name: 'Return to login' }).click();
    await expect(page).toHaveURL(/\/login$/);
    await page.getByRole('link', { name: 'Create an account' }).click();
    await expect(page).toHaveURL(/\/register$/);
    await page.getByRole('link', { name: 'Sign in' }).click();
    await expect(page).toHaveURL(/\/login$/);
  });

  test('an unknown channel is unavailable', async ({ page }) => {
    await page.goto('/nobody_here');
    await expect(page.getByText('This page is unavailable')).toBeVisible();
    await page.getByRole('button', { name: 'Back to directory' }).click();
    await expect(page).toHaveURL(/\/$/);
  });
});

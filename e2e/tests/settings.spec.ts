import { test, expect } from '../fixtures';

test.describe('account settings', () => {
  test('change password signs other sessions out and keeps this one', async ({ page, browser, server, createUser, signIn }) => {
    const a = await createUser('pw');
    await signIn(a);
    const other = await browser.newContext({ baseURL: server.baseURL });
    const signedIn = await other.request.post('/api/v1/auth/signin', { data: { username: a.username, password: a.password } });
    expect(signedIn.ok()).toBe(true);

    const newPassword = server.secret('P@ssword!11');
    await page.goto('/settings');
    await page.getByLabel('Current password').fill(a.password);
    await page.getByLabel('New password', { exact: true }).fill(newPassword);
    await page.getByLabel('Confirm new password').fill(newPassword);
    await page.getByTestId('save-password').click();
    await expect(page.getByTestId('success-notification')).toHaveText('Password saved');
    const dialog = page.getByRole('dialog');
    await expect(dialog.getByRole('heading', { name: 'Password updated' })).toBeVisible();
    await expect(dialog.getByText('Your password has been updated.')).toBeVisible();
    await dialog.getByRole('button', { name: 'Okay' }).click();

    expect((await page.request.get('/api/v1/auth/session')).status()).toBe(200);
    expect((await other.request.get('/api/v1/auth/session')).status()).toBe(401);
    for (const c of await other.cookies()) if (c.name === 'onair_session') server.secret(c.value);
    await other.close();

    // Sign out and back in with the new password.
    await page.getByRole('button', { name: 'Open navigation menu' }).click();
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.goto('/login');
    await page.getByLabel('Username').fill(a.username);
    await page.getByLabel('Password', { exact: true }).fill(newPassword);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page).toHaveURL(/\/$/);
  });

  test('wrong current password is refused', async ({ page, createUser, signIn }) => {
    const a = await createUser('pwbad');
    await signIn(a);
    await page.goto('/settings');
    await page.getByLabel('Current password').fill('Wrong-pass1!');
    await page.getByLabel('New password', { exact: true }).fill('Another-pass1!');
    await page.getByLabel('Confirm new password').fill('Another-pass1!');
    await page.getByTestId('save-password').click();
    await expect(page.getByText('Incorrect password.').first()).toBeVisible();
  });

  test('change username', async ({ page, createUser, signIn }) => {
    const a = await createUser('ren');
    await signIn(a);
    await page.goto('/settings');
    const field = page.getByLabel('Username');
    await expect(field).toHaveValue(a.username);
    const renamed = `${a.username.slice(0, 16)}_new`;
    await field.fill(renamed);
    await page.getByTestId('save-username').click();
    await expect(page.getByTestId('success-notification')).toHaveText('Username saved');
    await page.reload();
    await expect(page.getByLabel('Username')).toHaveValue(renamed);
  });

  test('delete account', async ({ page, createUser, signIn }) => {
    const a = await createUser('del');
    await signIn(a);
    await page.goto('/settings');
    await page.getByRole('button', { name: 'Delete my account' }).click();
    await expect(page.getByRole('heading', { name: 'Are you sure you would like to delete your account?' })).toBeVisible();
    await page.getByRole('button', { name: 'Delete account' }).click();
    await expect(page).toHaveURL(/\/login$/);
    await expect(page.getByTestId('success-notification')).toHaveText('Your account has been successfully deleted.');

    await page.getByLabel('Username').fill(a.username);
    await page.getByLabel('Password', { exact: true }).fill(a.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByTestId('error-notification')).toHaveText('Incorrect username or password');
    expect((await page.request.get(`/api/v1/channels/${a.username}`)).status()).toBe(404);
  });
});

test.describe('stream settings', () => {
  test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

  test('copy fields and reset the stream key', async ({ page, server, createUser, signIn }) => {
    const a = await createUser('key');
    await signIn(a);
    const channel = await (await page.request.get('/api/v1/channel')).json();
    server.secret(channel.streamKeyValue);

    await page.goto('/settings');
    const key = page.getByLabel('Stream key');
    await expect(key).toHaveValue(channel.streamKeyValue);
    await expect(key).toHaveAttribute('type', 'password');

    for (const [label, toast] of [
      ['Stream key', 'Stream key copied'],
      ['Ingest server URL', 'Ingest server URL copied'],
      ['Ingest endpoint', 'Ingest endpoint copied'],
      ['WHIP URL', 'WHIP URL copied'],
      ['Playback URL', 'Playback URL copied'],
    ]) {
      await page.getByRole('button', { name: `Copy ${label}` }).click();
      await expect(page.getByTestId('success-notification')).toHaveText(toast);
    }
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(channel.playbackUrl);

    await page.getByRole('button', { name: 'Reset', exact: true }).click();
    await expect(page.getByRole('heading', { name: 'Are you sure you would like to reset your stream key?' })).toBeVisible();
    await expect(page.getByText('Your current live stream will be terminated when you reset your stream key.')).toBeVisible();
    await page.getByRole('button', { name: 'Reset stream key' }).click();
    await expect(page.getByTestId('success-notification')).toHaveText('Stream key has been reset');
    const after = await (await page.request.get('/api/v1/channel')).json();
    server.secret(after.streamKeyValue);
    expect(after.streamKeyValue).not.toBe(channel.streamKeyValue);
    await expect(key).toHaveValue(after.streamKeyValue);
  });

  test('"Go live from web" leads to the stream manager', async ({ page, createUser, signIn }) => {
    await signIn(await createUser('golive'));
    await page.goto('/settings');
    await page.getByRole('button', { name: 'Go live from web' }).click();
    await expect(page).toHaveURL(/\/manager$/);
    // Spec 13.1: "Start stream", mic and camera buttons.
    await expect(page.getByRole('button', { name: 'Start stream' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Mute' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Hide camera' })).toBeVisible();
  });
});

import type { Browser, BrowserContext, Page } from '@playwright/test';
import { test, expect, type Account, type OnairServer } from '../fixtures';

/**
 * Chat against the real binary: every browser context is a separate user,
 * messages travel over the realtime WebSocket, and the connection tokens and
 * session cookies of every context join the server-log secrets audit.
 */

/** A page in a new browser context, signed in as `a` (or anonymous). */
async function openAs(browser: Browser, server: OnairServer, a: Account | null): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL: server.baseURL });
  if (a) {
    const res = await context.request.post('/api/v1/auth/signin', {
      data: { username: a.username, password: a.password },
      headers: { Origin: server.baseURL },
    });
    expect(res.status(), await res.text()).toBe(200);
  }
  const page = await context.newPage();
  watch(page, server);
  return { context, page };
}

/** Records realtime tokens as secrets and fails on any JavaScript dialog (an injected alert()). */
function watch(page: Page, server: OnairServer) {
  page.on('response', async (res) => {
    if (!res.url().endsWith('/api/v1/realtime/token') || !res.ok()) return;
    const body = (await res.json().catch(() => null)) as { token?: string } | null;
    if (body?.token) server.secret(body.token);
  });
  page.on('dialog', (d) => {
    throw new Error(`unexpected dialog: ${d.message()}`);
  });
}

async function closeAll(server: OnairServer, ...contexts: BrowserContext[]) {
  for (const c of contexts) {
    for (const cookie of await c.cookies()) if (cookie.name === 'onair_session') server.secret(cookie.value);
    await c.close();
  }
}

const log = (page: Page) => page.getByRole('log', { name: 'Chat messages' });
const line = (page: Page, text: string) => log(page).getByTestId('chatline').filter({ hasText: text });

/**
 * Sends like a patient user: after "Rate exceeded" (2 messages a second), or
 * when the composer did not send (its connection was still coming back on a
 * busy machine), waits and sends again.
 */
async function send(page: Page, text: string) {
  const composer = page.getByPlaceholder('Say something');
  await composer.fill(text);
  for (let attempt = 1; ; attempt++) {
    const answer = page
      .waitForResponse((r) => r.request().method() === 'POST' && /\/api\/v1\/chat\/[^/]+\/messages$/.test(r.url()), { timeout: 5000 })
      .catch(() => null);
    await composer.press('Enter');
    const res = await answer;
    if (res && (res.status() !== 429 || attempt === 3)) {
      expect(res.status()).toBe(201);
      break;
    }
    expect(attempt, `"${text}" was not sent`).toBeLessThan(3);
    await expect(composer).not.toHaveAttribute('readonly', { timeout: 3000 });
    await expect(composer).toHaveValue(text);
  }
  await expect(composer).toHaveValue('');
}

test.describe('chat', () => {
  test('viewers chat live; signed-out readers; the owner deletes and bans', async ({ page, browser, server, createUser, signIn }) => {
    const owner = await createUser('owner');
    const viewer = await createUser('viewer');
    const reader = await createUser('reader');
    // The owner's channel and chat room exist once the owner has asked for them.
    await signIn(owner);
    expect((await page.request.get('/api/v1/channel')).ok()).toBe(true);
    watch(page, server);
    await page.goto(`/${owner.username}`);
    await expect(page.getByTestId('info-notification')).toHaveText('Moderating');

    const v = await openAs(browser, server, viewer);
    await v.page.goto(`/${owner.username}`);
    const anon = await openAs(browser, server, null);
    await anon.page.goto(`/${owner.username}`);
    for (const p of [v.page, anon.page]) await expect(p.getByLabel('Connecting to chat')).toHaveCount(0);

    // A signed-in viewer sends; the owner and the signed-out reader see it live.
    await send(v.page, 'Hello world!');
    await expect(line(v.page, 'Hello world!')).toContainText(viewer.username);
    await expect(line(page, 'Hello world!')).toBeVisible();
    await expect(line(anon.page, 'Hello world!')).toBeVisible();
    // Viewers cannot moderate.
    await expect(v.page.getByRole('button', { name: `Select ${viewer.username}'s message` })).toHaveCount(0);

    // Text is never HTML; links open in a new tab.
    const html = '<img src=x onerror=alert(1)> see www.example.com javascript:alert(1)//www.x';
    await send(v.page, html);
    for (const p of [page, anon.page]) {
      await expect(line(p, '<img src=x onerror=alert(1)>')).toContainText(html);
      await expect(log(p).locator('img')).toHaveCount(0);
    }
    const link = line(page, 'www.example.com').getByRole('link', { name: 'www.example.com' });
    await expect(link).toHaveAttribute('href', 'http://www.example.com');
    await expect(link).toHaveAttribute('target', '_blank');
    // A javascript: token is never a script link: it becomes an inert http:// address.
    const scriptish = line(page, 'www.example.com').getByRole('link', { name: 'javascript:alert(1)//www.x' });
    await expect(scriptish).toHaveAttribute('href', 'http://javascript:alert(1)//www.x');

    // The owner deletes a message: placeholder and toast for the owner and the
    // author; the other viewers just lose the line.
    await send(v.page, 'delete me');
    await expect(line(page, 'delete me')).toBeVisible();
    await expect(line(anon.page, 'delete me')).toBeVisible();
    await line(page, 'delete me').getByRole('button', { name: `Select ${viewer.username}'s message` }).click();
    const popup = page.getByRole('dialog');
    await expect(popup).toContainText('delete me');
    await expect(popup.getByRole('button', { name: 'Ban user' })).toBeVisible();
    await popup.getByRole('button', { name: 'Delete message' }).click();
    await expect(page.getByTestId('success-notification')).toHaveText('Message removed');
    await expect(page.getByTestId('chatline-message-removed')).toHaveCount(1);
    await expect(v.page.getByTestId('error-notification')).toHaveText('Your message was removed');
    await expect(v.page.getByTestId('chatline-message-removed')).toHaveCount(1);
    await expect(line(anon.page, 'delete me')).toHaveCount(0);
    await expect(anon.page.getByTestId('chatline-message-removed')).toHaveCount(0);
    await expect(anon.page.getByTestId('error-notification')).toHaveCount(0);

    // A newcomer gets the recent history without the deleted message.
    const late = await openAs(browser, server, null);
    await late.page.goto(`/${owner.username}`);
    await expect(line(late.page, 'Hello world!')).toBeVisible();
    await expect(line(late.page, 'delete me')).toHaveCount(0);

    // A signed-out reader who types is sent to /login and comes back after signing in.
    await anon.page.getByPlaceholder('Say something').pressSequentially('h');
    await expect(anon.page).toHaveURL(/\/login$/);
    await anon.page.getByLabel('Username').fill(reader.username);
    await anon.page.getByLabel('Password', { exact: true }).fill(reader.password);
    await anon.page.getByRole('button', { name: 'Sign in' }).click();
    await expect(anon.page).toHaveURL(new RegExp(`/${owner.username}$`));
    await expect(anon.page.getByLabel('Connecting to chat')).toHaveCount(0);
    await expect(anon.page.getByPlaceholder('Say something')).toBeFocused();
    await send(anon.page, 'reader here');
    await expect(line(page, 'reader here')).toContainText(reader.username);

    // The owner bans the viewer: confirm, toast, the viewer's messages go
    // everywhere, and the viewer's composer locks.
    await line(page, 'Hello world!').getByRole('button', { name: `Select ${viewer.username}'s message` }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Ban user' }).click();
    const confirm = page.getByRole('alertdialog');
    await expect(confirm.getByRole('heading', { name: `Are you sure you would like to ban ${viewer.username}?` })).toBeVisible();
    await confirm.getByRole('button', { name: 'Ban user' }).click();
    await expect(page.getByTestId('success-notification')).toHaveText('User banned from channel');
    await expect(log(page).getByTestId('chatline').filter({ hasText: viewer.username })).toHaveCount(0);
    await expect(line(page, 'reader here')).toBeVisible();
    await expect(log(anon.page).getByTestId('chatline').filter({ hasText: viewer.username })).toHaveCount(0);

    await expect(v.page.getByTestId('error-notification')).toHaveText('You have been banned');
    const locked = v.page.getByPlaceholder('You are banned from this channel');
    await expect(locked).toBeVisible();
    await expect(locked).toBeDisabled();
    await expect(v.page.getByPlaceholder('Say something')).toHaveCount(0);
    await expect(v.page.getByText('You are banned from this channel', { exact: true }).first()).toBeVisible();
    // Still banned after a reload (the channel data says so).
    await v.page.reload();
    await expect(v.page.getByPlaceholder('You are banned from this channel')).toBeDisabled();

    await closeAll(server, v.context, anon.context, late.context);
  });

  test('the stream manager chat moderates the own room', async ({ page, browser, server, createUser, signIn }) => {
    const owner = await createUser('mgr');
    const viewer = await createUser('fan');
    await signIn(owner);
    expect((await page.request.get('/api/v1/channel')).ok()).toBe(true);
    watch(page, server);
    await page.goto('/manager');
    await expect(page.getByTestId('info-notification')).toHaveText('Moderating');
    await expect(page.getByLabel('Connecting to chat')).toHaveCount(0);

    const v = await openAs(browser, server, viewer);
    await v.page.goto(`/${owner.username}`);
    await expect(v.page.getByLabel('Connecting to chat')).toHaveCount(0);

    // The owner's own message: no "Ban user"; deleting it leaves one placeholder.
    await send(page, 'mine to delete');
    await expect(line(v.page, 'mine to delete')).toBeVisible();
    await line(page, 'mine to delete').getByRole('button', { name: `Select ${owner.username}'s message` }).click();
    const popup = page.getByRole('dialog');
    await expect(popup.getByRole('button', { name: 'Ban user' })).toHaveCount(0);
    await popup.getByRole('button', { name: 'Delete message' }).click();
    await expect(page.getByTestId('success-notification')).toHaveText('Message removed');
    await expect(page.getByTestId('chatline-message-removed')).toHaveCount(1);
    await expect(line(v.page, 'mine to delete')).toHaveCount(0);

    // A viewer's message, then a ban from the manager.
    await send(v.page, 'hi streamer');
    await line(page, 'hi streamer').getByRole('button', { name: `Select ${viewer.username}'s message` }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Ban user' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Ban user' }).click();
    await expect(page.getByTestId('success-notification')).toHaveText('User banned from channel');
    await expect(line(page, 'hi streamer')).toHaveCount(0);
    await expect(v.page.getByPlaceholder('You are banned from this channel')).toBeDisabled();

    await closeAll(server, v.context);
  });

  test('the profile menu bans and unbans a channel owner from the own room', async ({ page, browser, server, createUser, signIn }) => {
    const streamer = await createUser('star');
    const me = await createUser('me');
    await signIn(me);
    // Both rooms exist once their owners have asked for their channels.
    expect((await page.request.get('/api/v1/channel')).ok()).toBe(true);
    const s = await openAs(browser, server, streamer);
    expect((await s.context.request.get('/api/v1/channel')).ok()).toBe(true);
    watch(page, server);

    await page.goto(`/${streamer.username}/profile`);
    await page.getByRole('button', { name: 'Open profile menu' }).click();
    await page.getByRole('menu').getByRole('menuitem', { name: 'Ban user' }).click();
    const confirm = page.getByRole('alertdialog');
    await expect(confirm.getByRole('heading', { name: `Are you sure you would like to ban ${streamer.username}?` })).toBeVisible();
    await confirm.getByRole('button', { name: 'Ban user' }).click();
    await expect(page.getByTestId('success-notification')).toHaveText('User banned from channel');

    // The streamer is now banned from my room.
    await s.page.goto(`/${me.username}`);
    await expect(s.page.getByPlaceholder('You are banned from this channel')).toBeDisabled();

    await page.getByRole('button', { name: 'Open profile menu' }).click();
    await page.getByRole('menu').getByRole('menuitem', { name: 'Unban user' }).click();
    await expect(page.getByRole('alertdialog').getByRole('heading', { name: `Are you sure you would like to unban ${streamer.username}?` })).toBeVisible();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Unban user' }).click();
    await expect(page.getByTestId('success-notification')).toHaveText('User unbanned from channel');
    // The inbox tells the streamer's open page: the composer comes back without a reload.
    await expect(s.page.getByPlaceholder('Say something')).toBeVisible();
    await expect(s.page.getByLabel('Connecting to chat')).toHaveCount(0);
    await send(s.page, 'back again');
    await expect(line(s.page, 'back again')).toBeVisible();

    await closeAll(server, s.context);
  });

  test('sending too fast: "Rate exceeded", the composer waits 2 s; too long: inline error', async ({ page, createUser, signIn }) => {
    const a = await createUser('fast');
    await signIn(a);
    expect((await page.request.get('/api/v1/channel')).ok()).toBe(true);
    await page.goto(`/${a.username}`);
    await expect(page.getByLabel('Connecting to chat')).toHaveCount(0);
    const composer = page.getByPlaceholder('Say something');
    const error = page.getByRole('alert').filter({ hasText: 'Message could not be sent' });

    // The server allows 2 messages a second per user (a burst of 2). A
    // loaded machine may send slower than the bucket refills: keep going.
    for (let i = 1; i <= 20 && !(await error.isVisible()); i++) {
      await composer.fill(`burst ${i}`);
      await composer.press('Enter');
      await expect.poll(async () => (await composer.inputValue()) === '' || (await error.isVisible())).toBe(true);
    }
    await expect(error).toHaveText('Message could not be sent. Rate exceeded.');
    await expect(composer).toHaveAttribute('readonly', '');
    await expect(composer).not.toHaveAttribute('readonly', { timeout: 3000 });
    await composer.press('Enter');
    await expect(composer).toHaveValue('');
    await expect(error).toHaveCount(0);

    await composer.fill('x'.repeat(501));
    await expect(page.getByRole('alert').filter({ hasText: 'Max message length reached.' })).toBeVisible();
    await composer.press('Enter');
    await expect(composer).toHaveValue('x'.repeat(501));
  });
});

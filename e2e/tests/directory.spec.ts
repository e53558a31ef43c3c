import { test, expect, type OwnChannel } from '../fixtures';

// directory.spec of spec 13.1, against channels made by `onair seed` (real
// accounts in the server's database; the live one streams a real test
// pattern through ffmpeg).

test.describe('directory', () => {
  test('signed out: no live streams, no following section', async ({ page }) => {
    await page.goto('/');
    await expect(page.getByText('No live streams available')).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Following' })).toHaveCount(0);
  });

  test('following carousel: items, paging by click and keyboard, navigation', async ({ page, server, createUser, signIn }) => {
    const viewer = await createUser('fan');
    await server.seed(['--channels', '6', '--prefix', 'seeded_', '--followed-by', viewer.username]);
    await signIn(viewer);
    await page.goto('/');

    const items = page.getByTestId('followed-user');
    await expect(items).toHaveCount(6);
    // Most recently followed first: seeded_06 .. seeded_01.
    await expect(items.first()).toContainText('seeded_06');
    const prev = page.getByRole('button', { name: 'Go to previous page' });
    const next = page.getByRole('button', { name: 'Go to next page' });
    await expect(next).toBeEnabled();
    await expect(prev).toBeDisabled();

    await next.click();
    await expect(next).toBeDisabled();
    await expect(prev).toBeEnabled();
    await prev.focus();
    await page.keyboard.press('Enter');
    await expect(prev).toBeDisabled();
    await expect(next).toBeEnabled();
    await next.focus();
    await page.keyboard.press('Enter');
    await expect(next).toBeDisabled();
    await prev.click();

    // Tab walks the five avatars of the first frame, then the next one
    // moves the carousel to the second frame.
    await items.first().focus();
    for (let i = 1; i < 5; i++) {
      await page.keyboard.press('Tab');
      await expect(items.nth(i)).toBeFocused();
    }
    await page.keyboard.press('Tab');
    await expect(items.nth(5)).toBeFocused();
    await expect(next).toBeDisabled();
    await expect(prev).toBeEnabled();

    // Enter on an avatar opens the channel.
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(/\/seeded_01$/);
    await page.goto('/');
    await items.first().click();
    await expect(page).toHaveURL(/\/seeded_06$/);
    await expect(page.getByRole('heading', { name: 'seeded_06' })).toBeVisible();
  });

  test('more than 14 followed: 14 avatars and "View all"; the following page lists all', async ({ page, server, createUser, signIn }) => {
    const viewer = await createUser('many');
    await server.seed(['--channels', '16', '--prefix', 'lots_', '--followed-by', viewer.username]);
    await signIn(viewer);
    await page.goto('/');
    await expect(page.getByTestId('followed-user')).toHaveCount(14);
    const viewAll = page.getByRole('link', { name: 'View all' });
    await expect(viewAll).toHaveAttribute('href', '/following');

    await page.goto('/following');
    await expect(page.getByRole('heading', { name: 'Following' })).toBeVisible();
    await expect(page.getByTestId('channel-card')).toHaveCount(16);
  });

  test('a seeded live channel is listed live, with a LIVE pill where followed', async ({ page, server, createUser, signIn, waitLive }) => {
    const viewer = await createUser('live');
    await signIn(viewer);
    const own = (await (await page.request.get('/api/v1/channel')).json()) as OwnChannel;
    server.secret(own.streamKeyValue);
    await server.seed(['--channels', '3', '--prefix', 'onair_', '--followed-by', viewer.username]);
    // A second seed run makes the live channel (streaming for the test's length).
    server.seedProcess(['--channels', '1', '--prefix', 'streamer_', '--live', '1', '--live-for', '50s',
      '--followed-by', viewer.username, '--ingest', own.ingestServerUrl]);
    await waitLive('streamer_01');

    await page.goto('/');
    const live = page.getByRole('region', { name: 'Live streams' }).getByTestId('channel-card');
    await expect(live).toHaveCount(1);
    await expect(live).toContainText('streamer_01');
    // Live first in the following list, with its pill; offline ones are not live.
    const items = page.getByTestId('followed-user');
    await expect(items).toHaveCount(4);
    await expect(items.first()).toContainText('streamer_01');
    await expect(items.first().getByText('LIVE', { exact: true })).toBeVisible();
    await expect(items.first()).toHaveAccessibleName(`streamer_01 (live)`);
    await expect(items.nth(1).getByText('LIVE', { exact: true })).toHaveCount(0);

    await live.click();
    await expect(page).toHaveURL(/\/streamer_01$/);
    await expect(page.locator('video')).toBeVisible();
  });
});

test.describe('follow', () => {
  test('signed out Follow goes to /login and returns to the channel already following it', async ({ page, playwright, server, createUser }) => {
    const streamer = await createUser('star');
    const fan = await createUser('fan');
    // A channel exists once its owner has signed in (spec 3.2 provisioning).
    const api = await playwright.request.newContext({ baseURL: server.baseURL, extraHTTPHeaders: { Origin: server.baseURL } });
    expect((await api.post('/api/v1/auth/signin', { data: { username: streamer.username, password: streamer.password } })).ok()).toBe(true);
    for (const c of (await api.storageState()).cookies) if (c.name === 'onair_session') server.secret(c.value);
    await api.dispose();
    await page.goto(`/${streamer.username}`);
    await page.getByRole('button', { name: 'Follow channel' }).click();
    await expect(page).toHaveURL(/\/login$/);
    await page.getByLabel('Username').fill(fan.username);
    await page.getByLabel('Password', { exact: true }).fill(fan.password);
    await page.getByRole('button', { name: 'Sign in' }).click();

    await expect(page).toHaveURL(new RegExp(`/${streamer.username}$`));
    await expect(page.getByRole('button', { name: 'Unfollow channel' })).toBeVisible();
    const list = (await (await page.request.get('/api/v1/channel/followingList')).json()) as { channels: { username: string }[] };
    expect(list.channels.map((c) => c.username)).toEqual([streamer.username]);

    // Unfollow, and the following page empties.
    await page.getByRole('button', { name: 'Unfollow channel' }).click();
    await expect(page.getByRole('button', { name: 'Follow channel' })).toBeVisible();
    await page.goto('/following');
    await expect(page.getByText('No channels followed')).toBeVisible();
  });

  test('no follow button on your own channel', async ({ page, createUser, signIn }) => {
    const me = await createUser('self');
    await signIn(me);
    await page.goto(`/${me.username}`);
    await expect(page.getByRole('heading', { name: me.username })).toBeVisible();
    await expect(page.getByRole('button', { name: /follow channel/i })).toHaveCount(0);
  });
});

import type { Browser, Page } from '@playwright/test';
import { test, expect, expectVideoFrames, type Account } from '../fixtures';

// Co-host sessions with real browsers: fake cameras publish through the
// embedded LiveKit node, every participant decodes the others' video.

/** A signed-in (or anonymous) browser context with its own fake camera. */
async function person(browser: Browser, baseURL: string, account?: Account): Promise<Page> {
  const context = await browser.newContext({ baseURL, viewport: { width: 1280, height: 800 } });
  if (account) {
    const res = await context.request.post('/api/v1/auth/signin', {
      data: { username: account.username, password: account.password },
      headers: { Origin: baseURL },
    });
    expect(res.status(), await res.text()).toBe(200);
  }
  return context.newPage();
}

function tile(page: Page, username: string, group: 'user' | 'display' = 'user') {
  return page.locator(`[data-testid="stage-tile"][data-participant="${username}"][data-group="${group}"] video`);
}

/** The session link, as the host copies it from the session's menu. */
async function copySessionLink(page: Page): Promise<string> {
  await page.getByRole('button', { name: 'More options' }).click();
  await page.getByRole('menuitem', { name: 'Copy session link' }).click();
  await expect(page.getByTestId('success-notification')).toHaveText('Session link has been copied to clipboard');
  const link = await page.evaluate(() => navigator.clipboard.readText());
  expect(link).toMatch(/\/manager\/collab\?stageId=stage-[a-z0-9]+&invite=[a-z0-9]+$/);
  return link;
}

async function joinNow(page: Page) {
  const ready = page.getByRole('dialog', { name: 'Ready to join?' });
  await expect(ready).toBeVisible({ timeout: 15_000 });
  await ready.getByRole('button', { name: 'Join now' }).click();
  await expect(ready).toBeHidden({ timeout: 15_000 });
}

test.describe('stages', () => {
  test.describe.configure({ mode: 'serial' });
  test.use({ serverEnv: { ONAIR_STAGES_HOST_GONE_AFTER: '3s' }, permissions: ['clipboard-read', 'clipboard-write'] });

  test('request to join, invite link, spectator grid, removal, and the host leaving', async ({
    page, browser, server, createUser, signIn,
  }) => {
    test.setTimeout(240_000);
    const [host, bob, carol] = await Promise.all([createUser('host'), createUser('bob'), createUser('carol')]);

    // The host starts a session from the stream manager.
    await signIn(host);
    await page.goto('/manager');
    await page.getByRole('button', { name: 'Collaborate' }).click();
    await expect(page).toHaveURL(/\/manager\/collab$/);
    await expectVideoFrames(tile(page, host.username), 3, 45_000);
    await expect(page.getByRole('button', { name: 'Invite participant' })).toBeVisible();
    const stageId = ((await (await page.request.get(`/api/v1/channels/${host.username}`)).json()) as { stageId: string }).stageId;
    expect(stageId).toMatch(/^stage-/);

    // A viewer asks to join from the channel page; the host confirms.
    const viewer = await person(browser, server.baseURL, bob);
    await viewer.goto(`/${host.username}`);
    await expectVideoFrames(tile(viewer, host.username), 3, 45_000); // watching the grid first
    await viewer.getByRole('button', { name: 'Request to join' }).click();
    await expect(viewer.getByTestId('success-notification')).toHaveText('Request sent');
    await expect(viewer.getByRole('button', { name: 'Cancel request' })).toBeVisible();

    await page.getByRole('button', { name: 'Participants' }).click();
    const participants = page.getByRole('dialog', { name: /Participants \(\d+\/12\)/ });
    const request = participants.getByRole('list', { name: 'Requests' }).getByRole('listitem', { name: bob.username });
    await expect(request).toBeVisible({ timeout: 10_000 });
    await request.getByRole('button', { name: 'Confirm' }).click();

    await expect(viewer.getByText('Joining session...')).toBeVisible();
    await expect(viewer).toHaveURL(/\/manager\/collab\?stageId=.*role=requested/, { timeout: 15_000 });
    await joinNow(viewer);
    // Both see each other's camera, decoding frames.
    await expectVideoFrames(tile(viewer, host.username), 3, 45_000);
    await expectVideoFrames(tile(viewer, bob.username), 3, 45_000);
    await expectVideoFrames(tile(page, bob.username), 3, 45_000);
    await expect(participants).toHaveAccessibleName('Participants (2/12)');
    await page.keyboard.press('Escape');

    // A second user joins with the session link. The stage id alone (it is
    // public: spectators watch it) does not let anyone publish.
    const link = await copySessionLink(page);
    const invited = await person(browser, server.baseURL, carol);
    await invited.goto(`/manager/collab?stageId=${stageId}`);
    await expect(invited).toHaveURL(/\/manager$/, { timeout: 15_000 });
    await invited.goto(link);
    await joinNow(invited);
    await expectVideoFrames(tile(invited, host.username), 3, 45_000);
    await expectVideoFrames(tile(page, carol.username), 3, 45_000);

    // A signed-out spectator watches the grid on the channel page, muted.
    const spectator = await person(browser, server.baseURL);
    await spectator.goto(`/${host.username}`);
    const grid = spectator.getByTestId('stage-grid');
    await expect(grid).toBeVisible({ timeout: 15_000 });
    await expectVideoFrames(tile(spectator, host.username), 3, 45_000);
    await expectVideoFrames(tile(spectator, carol.username), 3, 45_000);
    await expect(spectator.getByRole('button', { name: 'Click to unmute' })).toBeVisible();
    expect(await spectator.locator('[data-testid="stage-grid"] video').evaluateAll((vs) => vs.every((v) => (v as HTMLVideoElement).muted))).toBe(true);

    // The host removes the viewer who asked to join.
    await page.getByRole('button', { name: 'Participants' }).click();
    await participants.getByRole('listitem', { name: bob.username }).getByRole('button', { name: 'Remove' }).click();
    const confirm = page.getByRole('alertdialog', { name: `Are you sure you want to remove ${bob.username} from the session?` });
    await confirm.getByRole('button', { name: 'Remove participant' }).click();
    await expect(viewer.getByText('You have been removed from the session')).toBeVisible({ timeout: 15_000 });
    await expect(viewer).toHaveURL(/\/manager$/);
    await expect(tile(page, bob.username)).toHaveCount(0, { timeout: 15_000 });

    // The host closes the tab; after the grace period (3 s here) the
    // session ends for everyone.
    await page.close();
    await expect(invited.getByText('The session ended')).toBeVisible({ timeout: 30_000 });
    await expect(invited).toHaveURL(/\/manager$/);
    await expect(grid).toBeHidden({ timeout: 30_000 });
    await expect
      .poll(async () => ((await (await spectator.request.get(`/api/v1/channels/${host.username}`)).json()) as { stageId: string | null }).stageId)
      .toBeNull();
    for (const p of [viewer, invited, spectator]) await p.context().close();
  });

  test('screen share and its removal, only the poll during a session, ending it for everyone at once', async ({
    page, browser, server, createUser, signIn,
  }) => {
    test.setTimeout(150_000);
    const [host, carol] = await Promise.all([createUser('host'), createUser('carol')]);
    await signIn(host);
    await page.goto('/manager');
    await page.getByRole('button', { name: 'Collaborate' }).click();
    await expectVideoFrames(tile(page, host.username), 3, 45_000);
    const link = await copySessionLink(page);
    const invited = await person(browser, server.baseURL, carol);
    await invited.goto(link);
    await joinNow(invited);
    await expectVideoFrames(tile(page, carol.username), 3, 45_000);
    await invited.getByRole('button', { name: 'More options' }).click();
    await invited.getByRole('menuitem', { name: 'Copy link' }).click();
    await expect(invited.getByTestId('success-notification')).toHaveText('Session link has been copied to clipboard');

    // The invited user shares a screen (a second, display participant);
    // the host removes the share, not the person.
    await invited.getByRole('button', { name: 'Share your screen' }).click();
    await expect(invited.getByRole('button', { name: 'Stop sharing' })).toBeVisible({ timeout: 15_000 });
    await expectVideoFrames(tile(page, carol.username, 'display'), 3, 30_000);
    await page.getByRole('button', { name: 'Participants' }).click();
    const participants = page.getByRole('dialog', { name: 'Participants (3/12)' });
    await participants.getByRole('listitem', { name: `${carol.username} (Screen share)` }).getByRole('button', { name: 'Remove' }).click();
    await page
      .getByRole('alertdialog', { name: `Are you sure you want to remove ${carol.username} (Screen share) from the session?` })
      .getByRole('button', { name: 'Remove participant' })
      .click();
    await expect(invited.getByText('Your screen share has been removed')).toBeVisible({ timeout: 15_000 });
    await expect(invited.getByRole('button', { name: 'Share your screen' })).toBeVisible();
    await expect(tile(page, carol.username, 'display')).toHaveCount(0, { timeout: 15_000 });
    await expectVideoFrames(tile(page, carol.username), 3, 45_000); // still in, camera on
    await page.keyboard.press('Escape');

    // The stream manager keeps only the poll while the stage runs.
    await page.getByRole('button', { name: 'Collapse full screen' }).click();
    await expect(page.getByTestId('stream-manager-quiz-action-button')).toHaveAttribute('aria-disabled', 'true');
    await expect(page.getByTestId('stream-manager-poll-action-button')).not.toHaveAttribute('aria-disabled', 'true');

    // The poll reaches the stage's viewers on the channel page.
    const spectator = await person(browser, server.baseURL);
    await spectator.goto(`/${host.username}`);
    await expectVideoFrames(tile(spectator, host.username), 3, 45_000);
    await page.getByTestId('stream-manager-poll-action-button').click();
    const dialog = page.getByRole('dialog', { name: 'Host a poll' });
    await dialog.getByLabel('Question').fill('Next guest?');
    const options = dialog.getByRole('textbox', { name: 'Answer' });
    await options.nth(0).fill('Dana');
    await options.nth(1).fill('Eli');
    await dialog.getByRole('button', { name: 'Start poll' }).click();
    await expect(page.getByTestId('success-notification')).toHaveText('Host a poll started');
    await expect(spectator.getByRole('region', { name: 'Live poll' })).toContainText('Next guest?', { timeout: 10_000 });

    // Ending the session closes the room for everyone, not only the record.
    await page.getByRole('button', { name: 'End session' }).click();
    const confirm = page.getByRole('alertdialog', { name: 'Leave and end session for everyone?' });
    await confirm.getByRole('button', { name: 'Leave' }).click();
    await expect(page.getByTestId('success-notification')).toHaveText('You have left the session');
    await expect(page).toHaveURL(/\/manager$/);
    await expect(invited.getByText('The session ended')).toBeVisible({ timeout: 10_000 });
    await expect(invited).toHaveURL(/\/manager$/);
    const channel = (await (await page.request.get('/api/v1/channel')).json()) as { stageId: string | null };
    expect(channel.stageId).toBeNull();
    // The stage's end ends its poll; the channel page goes offline.
    await expect(spectator.getByRole('region', { name: 'Live poll' })).toHaveCount(0, { timeout: 10_000 });
    await expect(spectator.getByTestId('stage-grid')).toHaveCount(0, { timeout: 10_000 });
    await invited.context().close();
    await spectator.context().close();
  });
});

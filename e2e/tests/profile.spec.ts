import { deflateSync, crc32 } from 'node:zlib';
import { randomBytes } from 'node:crypto';
import { test, expect } from '../fixtures';

// settings.spec "Channel settings" of spec 13.1 and issue 5: colour and
// avatar choices, image uploads through the real server (checked,
// re-encoded, stored, served) and refusals.

/** An RGB PNG of random pixels: about 3 * w * h bytes, since noise does not compress. */
function noisePNG(w: number, h: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  const rows = Buffer.alloc((w * 3 + 1) * h);
  for (let y = 0; y < h; y++) randomBytes(w * 3).copy(rows, y * (w * 3 + 1) + 1);
  const sig = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([sig, chunk('IHDR', ihdr), chunk('IDAT', deflateSync(rows, { level: 0 })), chunk('IEND', Buffer.alloc(0))]);
}

test.describe('channel settings', () => {
  test('colour and preset avatar save at once and stay after a reload', async ({ page, createUser, signIn }) => {
    const a = await createUser('looks'); // registered as bear / salmon
    await signIn(a);
    await page.goto('/settings');
    const colors = page.getByRole('radiogroup', { name: 'Color' });
    await expect(colors.getByRole('radio', { name: 'salmon' })).toBeChecked();
    await colors.getByRole('radio', { name: 'turquoise' }).click();
    await expect(page.getByTestId('success-notification')).toHaveText('Color saved');
    await expect(colors.getByRole('radio', { name: 'turquoise' })).toBeChecked();

    const avatars = page.getByRole('radiogroup', { name: 'Avatar' });
    await avatars.getByRole('radio', { name: 'jellyfish' }).click();
    await expect(page.getByTestId('success-notification')).toHaveText('Avatar saved');

    await page.reload();
    await expect(page.getByRole('radiogroup', { name: 'Color' }).getByRole('radio', { name: 'turquoise' })).toBeChecked();
    await expect(page.getByRole('radiogroup', { name: 'Avatar' }).getByRole('radio', { name: 'jellyfish' })).toBeChecked();
    // Others see it on the channel page.
    const pub = (await (await page.request.get(`/api/v1/channels/${a.username}`)).json()) as { avatar: string; color: string };
    expect(pub).toMatchObject({ avatar: 'jellyfish', color: 'turquoise' });
  });

  test('a 0.9 MB PNG avatar is uploaded and shown on the channel page; the banner too', async ({ page, browser, server, createUser, signIn }) => {
    const a = await createUser('pic');
    await signIn(a);
    await page.goto('/settings');
    const png = noisePNG(540, 540);
    expect(png.length).toBeGreaterThan(850_000);
    expect(png.length).toBeLessThanOrEqual(1_000_000);
    await page.getByTestId('avatar-file').setInputFiles({ name: 'me.png', mimeType: 'image/png', buffer: png });
    await expect(page.getByTestId('success-notification')).toHaveText('Image uploaded and avatar saved');
    const custom = page.getByRole('radio', { name: 'Your uploaded avatar image' });
    await expect(custom).toBeChecked();

    await page.getByTestId('banner-file').setInputFiles({ name: 'banner.png', mimeType: 'image/png', buffer: noisePNG(640, 360) });
    await expect(page.getByTestId('success-notification')).toHaveText('Profile banner uploaded');

    // A signed-out visitor sees the uploaded images, served by Onair.
    const visitor = await browser.newPage({ baseURL: server.baseURL });
    await visitor.goto(`/${a.username}/profile`);
    const avatarImg = visitor.locator('.channel__hero img.avatar__image');
    await expect(avatarImg).toBeVisible();
    const src = await avatarImg.getAttribute('src');
    expect(src).toContain('/files/');
    await expect.poll(() => avatarImg.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(512);
    const bannerImg = visitor.getByTestId('banner').locator('img');
    await expect.poll(() => bannerImg.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(640);
    const res = await visitor.request.get(src!);
    expect(res.headers()['content-type']).toBe('image/png');
    expect(res.headers()['cache-control']).toContain('immutable');
    await visitor.close();

    // Delete the avatar image: a preset takes its place.
    await page.getByRole('button', { name: 'Delete avatar image' }).click();
    await expect(page.getByRole('heading', { name: 'Are you sure you want to delete your avatar image?' })).toBeVisible();
    await page.getByRole('button', { name: 'Delete image' }).click();
    await expect(page.getByTestId('success-notification')).toHaveText('Avatar image deleted');
    await expect(page.getByRole('radio', { name: 'Upload an avatar image' })).not.toBeChecked();
    expect((await page.request.get(src!)).status()).toBe(404);
  });

  test('oversized and non-image files are refused with a clear message', async ({ page, createUser, signIn }) => {
    const a = await createUser('nope');
    await signIn(a);
    await page.goto('/settings');
    const input = page.getByTestId('avatar-file');
    const uploads: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/api/v1/channel/assets/')) uploads.push(r.url());
    });

    await input.setInputFiles({ name: 'huge.png', mimeType: 'image/png', buffer: noisePNG(620, 620) });
    await expect(page.getByTestId('error-notification')).toHaveText('Image exceeded max file size');
    await input.setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hello') });
    await expect(page.getByTestId('error-notification')).toHaveText("Can't select the file you chose");
    expect(uploads).toHaveLength(0);

    // Named and typed as a PNG but not one: the server looks at the content.
    await input.setInputFiles({ name: 'fake.png', mimeType: 'image/png', buffer: Buffer.from('this is not an image at all') });
    await expect(page.getByTestId('error-notification')).toHaveText("Can't select the file you chose. Use a JPG or PNG image.");
    expect(uploads).toHaveLength(1);
    const me = (await (await page.request.get('/api/v1/channel')).json()) as { avatar: string; channelAssetUrls: object };
    expect(me.avatar).toBe('bear');
    expect(me.channelAssetUrls).toEqual({});
  });
});

import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test as base, expect } from '../fixtures';

// Webhooks end to end: an endpoint added in the settings UI receives the
// real stream's events, signed with the secret the UI showed once, and the
// UI's delivery log shows the endpoint's answer.

/** One request the receiver got: its headers and exact body bytes. */
type Received = { method: string; headers: IncomingHttpHeaders; body: Buffer };

/** A webhook endpoint on 127.0.0.1 (port 0) that records every request and answers 200. */
type Receiver = { url: string; received: Received[] };

const test = base.extend<{ receiver: Receiver }>({
  // eslint-disable-next-line no-empty-pattern
  receiver: async ({}, use) => {
    const received: Received[] = [];
    const srv = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({ method: req.method ?? '', headers: req.headers, body: Buffer.concat(chunks) });
        res.writeHead(200, { 'Content-Type': 'text/plain' }).end('ok');
      });
    });
    await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
    const { port } = srv.address() as AddressInfo;
    await use({ url: `http://127.0.0.1:${port}/onair/events`, received });
    srv.closeAllConnections();
    await new Promise((resolve) => srv.close(resolve));
  },
});

/** The signature header as Go's webhook.Sign computes it: v1= hex HMAC-SHA256 of "<timestamp>.<body>". */
function sign(secret: string, timestamp: string, body: Buffer): string {
  return `v1=${createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex')}`;
}

type Payload = {
  id: string;
  type: string;
  channelId: string;
  streamId: string;
  attempt: number;
  event: { name: string; type: string; eventTime: string };
};

// The receiver listens on loopback, which the server refuses by default.
test.use({ serverEnv: { ONAIR_WEBHOOKS_ALLOW_PRIVATE: 'true' } });

test('stream events reach an endpoint added in settings, signed, and show in its delivery log', async ({
  page,
  context,
  server,
  createUser,
  signIn,
  publishRtmp,
  receiver,
}) => {
  const a = await createUser('hook');
  await signIn(a);
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.baseURL });
  await page.goto('/settings');
  const section = page.getByRole('region', { name: 'Webhooks' });
  await expect(section.getByText('No webhooks yet.')).toBeVisible();

  // Add the endpoint; the secret is shown once, in a read-only field.
  await section.getByLabel('Endpoint URL').fill(receiver.url);
  await section.getByRole('button', { name: 'Add webhook' }).click();
  await expect(page.getByTestId('success-notification')).toHaveText('Webhook added');
  const secretField = section.getByLabel('Signing secret');
  await expect(secretField).toHaveValue(/^whsec_/);
  await expect(secretField).toHaveAttribute('readonly', '');
  await expect(section.getByText(/it will not be shown again/)).toBeVisible();
  const secret = server.secret(await secretField.inputValue());
  await section.getByRole('button', { name: 'Copy Signing secret' }).click();
  await expect(page.getByTestId('success-notification')).toHaveText('Signing secret copied');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
  await section.getByRole('button', { name: 'Done' }).click();
  await expect(secretField).toHaveCount(0);

  const item = section.getByRole('list', { name: 'Webhook endpoints' }).getByRole('listitem').filter({ hasText: receiver.url });
  await expect(item).toBeVisible();
  const listed = await page.request.get('/api/v1/channel/webhooks');
  expect(listed.status()).toBe(200);
  expect(await listed.text()).not.toContain(secret);
  const { channelId } = (await (await page.request.get('/api/v1/channel')).json()) as { channelId: string };

  // Go live for real: "Session Created" and "Stream Start" are delivered.
  const encoder = await publishRtmp(a);
  const names = () => receiver.received.map((r) => (JSON.parse(r.body.toString('utf8')) as Payload).event.name);
  await expect.poll(names, { message: 'the receiver got "Stream Start"', timeout: 15_000 }).toContain('Stream Start');
  expect(names()).toContain('Session Created');

  for (const r of receiver.received) {
    const payload = JSON.parse(r.body.toString('utf8')) as Payload;
    const timestamp = String(r.headers['onair-webhook-timestamp']);
    expect(r.method).toBe('POST');
    expect(r.headers['content-type']).toBe('application/json');
    expect(r.headers['onair-webhook-signature'], `signature of ${payload.event.name}`).toBe(sign(secret, timestamp, r.body));
    expect(r.headers['onair-webhook-id']).toBe(payload.id);
    expect(Math.abs(Date.now() / 1000 - Number(timestamp))).toBeLessThan(60);
    expect(payload).toMatchObject({ type: 'stream.event', channelId, attempt: 1 });
    expect(payload.streamId).toMatch(/^st-/);
    expect(Number.isNaN(Date.parse(payload.event.eventTime))).toBe(false);
  }

  // The delivery log shows the endpoint's 200 (it refreshes while open).
  const toggle = item.getByRole('button', { name: 'Delivery log' });
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  const row = item.getByRole('row').filter({ hasText: 'Stream Start' }).first();
  await expect(row.getByRole('cell')).toHaveText(['Stream Start', '1', '200', /\d{4}/], { timeout: 15_000 });

  await encoder.stop();
});

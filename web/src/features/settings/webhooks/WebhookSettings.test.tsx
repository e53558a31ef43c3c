// Settings > Webhooks: endpoints, the one-time signing secret, deletion and
// the delivery log, against a fake of /channel/webhooks.
import { describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderApp } from '../../../test/render';
import { alice, aliceChannel, apiError, fakeApi, type Call, type Handler } from '../../../test/fakeApi';
import type { Webhook, WebhookDelivery } from '../../../lib/types';

const hook = (n: number): Webhook => ({
  id: `wh-${n}`,
  url: `https://hooks.example.com/onair/${n}`,
  createdAt: '2024-03-05T10:00:00Z',
});

/** The settings page with `hooks` registered; POST and DELETE change that list. */
async function setup(hooks: Webhook[] = [], routes: Record<string, Handler> = {}) {
  const calls = fakeApi({
    'GET /auth/session': () => ({ status: 200, body: { user: alice } }),
    'GET /channel': () => ({ status: 200, body: aliceChannel }),
    'GET /channel/webhooks': () => ({ status: 200, body: { webhooks: hooks } }),
    'POST /channel/webhooks': (body) => {
      const { url } = body as { url: string };
      const w = { id: `wh-new${hooks.length}`, url, createdAt: '2024-03-06T12:00:00Z' };
      hooks.push(w);
      return { status: 201, body: { ...w, secret: 'whsec_0123456789abcdef' } };
    },
    ...Object.fromEntries(
      hooks.map((h) => [
        `DELETE /channel/webhooks/${h.id}`,
        () => {
          hooks.splice(hooks.indexOf(h), 1);
          return { status: 204 };
        },
      ]),
    ),
    ...routes,
  });
  const user = userEvent.setup();
  renderApp('/settings');
  const section = await screen.findByTestId('webhook-settings');
  return { calls, user, section };
}

const mutations = (calls: Call[]) => calls.filter((c) => c.method !== 'GET');

describe('webhook settings: list', () => {
  it('explains webhooks and lists each endpoint with its creation date', async () => {
    const { section } = await setup([hook(1), hook(2)]);
    expect(within(section).getByRole('heading', { name: 'Webhooks' })).toBeInTheDocument();
    expect(within(section).getByText(/POSTs each stream event of your channel/)).toBeInTheDocument();
    const list = await within(section).findByRole('list', { name: 'Webhook endpoints' });
    const items = within(list).getAllByRole('listitem');
    expect(items).toHaveLength(2);
    expect(items[0]).toHaveTextContent('https://hooks.example.com/onair/1');
    expect(items[0]).toHaveTextContent('Added Mar 5, 2024');
    expect(within(items[1]!).getByRole('button', { name: 'Delete webhook' })).toHaveAccessibleDescription(
      'https://hooks.example.com/onair/2',
    );
  });

  it('says when there are none', async () => {
    const { section } = await setup();
    expect(await within(section).findByText('No webhooks yet.')).toBeInTheDocument();
  });

  it('offers to retry when the list fails to load', async () => {
    const { section } = await setup([], { 'GET /channel/webhooks': () => apiError(403, 'ForbiddenException', 'no') });
    expect(await within(section).findByText('Webhooks failed to load')).toBeInTheDocument();
    expect(within(section).getByRole('button', { name: 'Try again' })).toBeInTheDocument();
  });
});

describe('webhook settings: adding an endpoint', () => {
  it('checks the URL before sending', async () => {
    const { calls, user, section } = await setup();
    const field = within(section).getByLabelText('Endpoint URL');
    const add = within(section).getByRole('button', { name: 'Add webhook' });

    await user.click(add);
    expect(within(section).getByText('Enter the URL of your endpoint.')).toBeInTheDocument();
    await user.type(field, 'ftp://files.example.com/in');
    await user.click(add);
    expect(field).toHaveAccessibleDescription(/^Enter a full URL starting with http:\/\/ or https:\/\/\./);
    await user.clear(field);
    await user.type(field, 'https://me:pw@example.com/in');
    await user.click(add);
    expect(field).toHaveAccessibleDescription(/^Leave the user name and password out of the URL\./);
    expect(mutations(calls)).toEqual([]);
  });

  it('shows the signing secret once, with a copy button, then forgets it', async () => {
    const writeText = vi.spyOn(navigator.clipboard, 'writeText').mockResolvedValue();
    const { calls, user, section } = await setup();
    await user.type(within(section).getByLabelText('Endpoint URL'), '  https://hooks.example.com/new ');
    await user.click(within(section).getByRole('button', { name: 'Add webhook' }));

    expect(await screen.findByTestId('success-notification')).toHaveTextContent('Webhook added');
    expect(mutations(calls)).toEqual([{ method: 'POST', path: '/channel/webhooks', body: { url: 'https://hooks.example.com/new' } }]);
    const secret = within(section).getByLabelText('Signing secret');
    expect(secret).toHaveValue('whsec_0123456789abcdef');
    expect(secret).toHaveAttribute('readonly');
    expect(secret).toHaveFocus();
    expect(secret).toHaveAccessibleDescription(/it will not be shown again/);
    expect(within(section).getByLabelText('Endpoint URL')).toHaveValue('');
    const list = await within(section).findByRole('list', { name: 'Webhook endpoints' });
    expect(list).toHaveTextContent('https://hooks.example.com/new');

    await user.click(within(section).getByRole('button', { name: 'Copy Signing secret' }));
    expect(writeText).toHaveBeenCalledWith('whsec_0123456789abcdef');
    expect(await screen.findByText('Signing secret copied')).toBeInTheDocument();

    await user.click(within(section).getByRole('button', { name: 'Done' }));
    expect(within(section).queryByLabelText('Signing secret')).toBeNull();
    expect(document.body).not.toHaveTextContent('whsec_0123456789abcdef');
  });

  it("shows the server's reason when it refuses the address", async () => {
    const message = "The webhook URL's host is not reachable: private, loopback and other local addresses are refused.";
    const { user, section } = await setup([], {
      'POST /channel/webhooks': () => apiError(400, 'WebhookAddressException', message),
    });
    const field = within(section).getByLabelText('Endpoint URL');
    await user.type(field, 'http://127.0.0.1:9000/in');
    await user.click(within(section).getByRole('button', { name: 'Add webhook' }));
    expect(await screen.findByTestId('error-notification')).toHaveTextContent('Webhook failed to add');
    expect(within(section).getByText(message)).toHaveClass('field__error');
    expect(field).toHaveAttribute('aria-invalid', 'true');
    expect(field).toHaveValue('http://127.0.0.1:9000/in');
    expect(within(section).queryByLabelText('Signing secret')).toBeNull();
  });

  it("shows the server's limit message when another tab filled the list", async () => {
    const message = 'A user may register at most 5 webhooks.';
    const { user, section } = await setup([hook(1)], {
      'POST /channel/webhooks': () => apiError(409, 'WebhookLimitExceededException', message),
    });
    await user.type(within(section).getByLabelText('Endpoint URL'), 'https://hooks.example.com/sixth');
    await user.click(within(section).getByRole('button', { name: 'Add webhook' }));
    expect(await within(section).findByText(message)).toBeInTheDocument();
  });

  it('disables the form, and says why, when 5 endpoints exist', async () => {
    const { calls, user, section } = await setup([1, 2, 3, 4, 5].map(hook));
    await within(section).findByRole('list', { name: 'Webhook endpoints' });
    const field = within(section).getByLabelText('Endpoint URL');
    const add = within(section).getByRole('button', { name: 'Add webhook' });
    await waitFor(() => expect(field).toBeDisabled());
    expect(add).toHaveAttribute('aria-disabled', 'true');
    expect(field).toHaveAccessibleDescription(
      'You have 5 webhooks, the most a channel can have. Delete one to add another.',
    );
    await user.click(add);
    expect(mutations(calls)).toEqual([]);
  });
});

describe('webhook settings: deleting an endpoint', () => {
  it('asks first; cancelling sends nothing, confirming deletes it', async () => {
    const { calls, user, section } = await setup([hook(1), hook(2)]);
    const list = await within(section).findByRole('list', { name: 'Webhook endpoints' });
    const first = within(list).getAllByRole('listitem')[0]!;

    await user.click(within(first).getByRole('button', { name: 'Delete webhook' }));
    let dialog = screen.getByRole('alertdialog', { name: 'Delete this webhook?' });
    expect(dialog).toHaveTextContent('Onair stops sending events to https://hooks.example.com/onair/1.');
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(mutations(calls)).toEqual([]);

    await user.click(within(first).getByRole('button', { name: 'Delete webhook' }));
    dialog = screen.getByRole('alertdialog', { name: 'Delete this webhook?' });
    await user.click(within(dialog).getByRole('button', { name: 'Delete webhook' }));
    expect(await screen.findByTestId('success-notification')).toHaveTextContent('Webhook deleted');
    expect(mutations(calls)).toEqual([{ method: 'DELETE', path: '/channel/webhooks/wh-1', body: undefined }]);
    await waitFor(() => expect(screen.queryByRole('alertdialog')).toBeNull());
    expect(within(list).getAllByRole('listitem')).toHaveLength(1);
    expect(list).not.toHaveTextContent('https://hooks.example.com/onair/1');
    expect(within(section).getByLabelText('Endpoint URL')).toHaveFocus();
  });

  it('a failed delete keeps the endpoint and says so', async () => {
    const { user, section } = await setup([hook(1)], {
      'DELETE /channel/webhooks/wh-1': () => apiError(500, 'InternalServerException', 'boom'),
    });
    const list = await within(section).findByRole('list', { name: 'Webhook endpoints' });
    await user.click(within(list).getByRole('button', { name: 'Delete webhook' }));
    await user.click(within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Delete webhook' }));
    expect(await screen.findByTestId('error-notification')).toHaveTextContent('Webhook failed to delete');
    expect(within(list).getAllByRole('listitem')).toHaveLength(1);
  });
});

describe('webhook settings: delivery log', () => {
  const log: WebhookDelivery[] = [
    { deliveryId: 'whd-2', event: 'Stream Start', attempt: 1, statusCode: 200, time: '2024-03-05T10:01:02Z' },
    { deliveryId: 'whd-1', event: 'Session Created', attempt: 2, statusCode: 0, error: 'timeout', time: '2024-03-05T10:01:01Z' },
    { deliveryId: 'whd-1', event: 'Session Created', attempt: 1, statusCode: 500, time: '2024-03-05T10:01:00Z' },
  ];

  it('shows the latest attempts: event, attempt, status code or error, time', async () => {
    const { calls, user, section } = await setup([hook(1)], {
      'GET /channel/webhooks/wh-1/deliveries': () => ({ status: 200, body: { deliveries: log } }),
    });
    const item = within(await within(section).findByRole('list', { name: 'Webhook endpoints' })).getByRole('listitem');
    const toggle = within(item).getByRole('button', { name: 'Delivery log' });
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
    expect(calls.some((c) => c.path.endsWith('/deliveries'))).toBe(false);

    await user.click(toggle);
    expect(toggle).toHaveAttribute('aria-expanded', 'true');
    const table = await within(item).findByRole('table', { name: 'Latest deliveries to https://hooks.example.com/onair/1' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((r) => within(r).getAllByRole('cell').slice(0, 3).map((c) => c.textContent))).toEqual([
      ['Stream Start', '1', '200'],
      ['Session Created', '2', 'timeout'],
      ['Session Created', '1', '500'],
    ]);
    expect(within(rows[0]!).getByText(/Mar 5, 2024/)).toHaveAttribute('datetime', '2024-03-05T10:01:02Z');

    await user.click(toggle);
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
    expect(within(item).queryByRole('table')).toBeNull();
  });

  it('says when nothing was delivered yet', async () => {
    const { user, section } = await setup([hook(1)], {
      'GET /channel/webhooks/wh-1/deliveries': () => ({ status: 200, body: { deliveries: [] } }),
    });
    const item = within(await within(section).findByRole('list', { name: 'Webhook endpoints' })).getByRole('listitem');
    await user.click(within(item).getByRole('button', { name: 'Delivery log' }));
    expect(await within(item).findByText(/No deliveries yet/)).toBeInTheDocument();
  });
});

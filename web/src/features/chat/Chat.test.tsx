// The chat panel on the channel page, with the realtime client faked
// (test/fakeCentrifuge.ts) and the API stubbed.
import { describe, expect, it } from 'vitest';
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderApp } from '../../test/render';
import { alice, fakeApi, signedOut, type Handler } from '../../test/fakeApi';
import { connectAll, endSubscription, failConnection, hasSubscription, publish } from '../../test/fakeCentrifuge';
import type { ChatMessage } from '../../lib/types';

const bobChannel = {
  userId: 'u-2',
  username: 'bob',
  avatar: 'bear',
  color: 'green',
  channelId: 'ch2',
  channelAssetUrls: {},
  playbackUrl: '',
  whepUrl: '',
  isLive: false,
  isViewerBanned: false,
};
const aliceChannel = { ...bobChannel, userId: alice.id, username: 'alice', channelId: alice.channelId };

let n = 0;
function message(from: { id: string; username: string }, content: string, channelId = 'ch2'): ChatMessage {
  n += 1;
  return {
    type: 'message',
    id: `m${n}`,
    channelId,
    content,
    sendTime: new Date().toISOString(),
    sender: { userId: from.id, username: from.username, avatar: 'bear', color: 'blue' },
  };
}
const carol = { id: 'u-3', username: 'carol' };

async function connected(channel: string) {
  await waitFor(() => expect(hasSubscription(channel)).toBe(true));
  act(() => connectAll());
  await waitFor(() => expect(screen.queryByLabelText('Connecting to chat')).toBeNull(), { timeout: 2000 });
}

const log = () => screen.getByRole('log', { name: 'Chat messages' });

describe('Chat', () => {
  it('lets a signed-out viewer read, renders text never HTML, and sends typing to /login', async () => {
    fakeApi({ 'GET /auth/session': signedOut, 'GET /channels/bob': () => ({ status: 200, body: bobChannel }) });
    const app = renderApp('/bob');
    await connected('chat:ch2');
    act(() => publish('chat:ch2', message(carol, '<img src=x onerror=alert(1)> hi www.onair.test')));
    expect(within(log()).getByText('carol')).toBeInTheDocument();
    expect(log()).toHaveTextContent('<img src=x onerror=alert(1)> hi www.onair.test');
    expect(log().querySelector('img')).toBeNull();
    expect(within(log()).getByRole('link', { name: 'www.onair.test' })).toHaveAttribute('href', 'http://www.onair.test');
    // No moderation for viewers.
    expect(screen.queryByRole('button', { name: "Select carol's message" })).toBeNull();

    await userEvent.setup().type(screen.getByPlaceholderText('Say something'), 'h');
    await waitFor(() => expect(app.location()).toBe('/login'));
    expect(sessionStorage.getItem('onair.returnTo')).toBe('/bob');
  });

  it('sends as a signed-in viewer; a removed own message leaves a placeholder; a ban locks the composer', async () => {
    let channel = bobChannel;
    const send: Handler = (body) => ({ status: 201, body: { ...message(alice, (body as { content: string }).content), id: 'mine' } });
    const calls = fakeApi({
      'GET /auth/session': () => ({ status: 200, body: { user: alice } }),
      'GET /channels/bob': () => ({ status: 200, body: channel }),
      'POST /chat/ch2/messages': send,
    });
    renderApp('/bob');
    await connected('chat:ch2');
    const user = userEvent.setup();
    await user.type(screen.getByPlaceholderText('Say something'), 'Hello world!{Enter}');
    await waitFor(() => expect(within(log()).getByText('Hello world!')).toBeInTheDocument());
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({ content: 'Hello world!' });
    // The same message published: a duplicate, ignored.
    act(() => publish('chat:ch2', { ...message(alice, 'Hello world!'), id: 'mine' }));
    expect(within(log()).getAllByText('Hello world!')).toHaveLength(1);

    act(() => publish('chat:ch2', message(carol, 'from carol')));
    act(() => publish('chat:ch2', { type: 'messageDeleted', channelId: 'ch2', messageId: 'mine', userId: alice.id, time: '' }));
    expect(await screen.findByTestId('error-notification')).toHaveTextContent('Your message was removed');
    expect(screen.getAllByTestId('chatline-message-removed')).toHaveLength(1);

    // Another viewer's deleted message just goes.
    const carolLine = within(log()).getByText('from carol');
    const carolId = `m${n}`;
    act(() => publish('chat:ch2', { type: 'messageDeleted', channelId: 'ch2', messageId: carolId, userId: carol.id, time: '' }));
    expect(carolLine).not.toBeInTheDocument();
    expect(screen.getAllByTestId('chatline-message-removed')).toHaveLength(1);

    channel = { ...bobChannel, isViewerBanned: true };
    act(() => publish('chat:ch2', { type: 'userBanned', channelId: 'ch2', userId: alice.id, time: '' }));
    expect(await screen.findByTestId('error-notification')).toHaveTextContent('You have been banned');
    const locked = await screen.findByPlaceholderText('You are banned from this channel');
    expect(locked).toBeDisabled();
    await waitFor(() => expect(calls.filter((c) => c.path === '/channels/bob').length).toBeGreaterThan(1));
    expect(await screen.findByText('You are banned from this channel', { selector: 'p' })).toBeInTheDocument();
  });

  it('takes the end of the subscription with code 2403 as a ban', async () => {
    let channel = bobChannel;
    fakeApi({
      'GET /auth/session': () => ({ status: 200, body: { user: alice } }),
      'GET /channels/bob': () => ({ status: 200, body: channel }),
    });
    renderApp('/bob');
    await connected('chat:ch2');
    channel = { ...bobChannel, isViewerBanned: true };
    act(() => endSubscription('chat:ch2', 2403, 'banned'));
    expect(await screen.findByTestId('error-notification')).toHaveTextContent('You have been banned');
    expect(await screen.findByPlaceholderText('You are banned from this channel')).toBeDisabled();
    expect(hasSubscription('chat:ch2')).toBe(false);
  });

  it('lets the owner delete a message and ban its author', async () => {
    const calls = fakeApi({
      'GET /auth/session': () => ({ status: 200, body: { user: alice } }),
      'GET /channels/alice': () => ({ status: 200, body: aliceChannel }),
      'DELETE /chat/ch1/messages/m-del': () => ({ status: 204 }),
      'PUT /chat/ch1/bans/u-3': () => ({ status: 204 }),
    });
    renderApp('/alice');
    await connected('chat:ch1');
    expect(await screen.findByTestId('info-notification')).toHaveTextContent('Moderating');
    act(() => {
      publish('chat:ch1', { ...message(carol, 'delete me', 'ch1'), id: 'm-del' });
      publish('chat:ch1', message(carol, 'second', 'ch1'));
      publish('chat:ch1', message(alice, 'my own', 'ch1'));
    });
    const user = userEvent.setup();

    // Own message: no "Ban user".
    await user.click(screen.getByRole('button', { name: "Select alice's message" }));
    let dialog = screen.getByRole('dialog');
    expect(within(dialog).queryByRole('button', { name: 'Ban user' })).toBeNull();
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));

    await user.click(screen.getAllByRole('button', { name: "Select carol's message" })[0]!);
    dialog = screen.getByRole('dialog');
    expect(dialog).toHaveTextContent('delete me');
    await user.click(within(dialog).getByRole('button', { name: 'Delete message' }));
    expect(await screen.findByTestId('success-notification')).toHaveTextContent('Message removed');
    expect(screen.getAllByTestId('chatline-message-removed')).toHaveLength(1);
    expect(calls.some((c) => c.method === 'DELETE' && c.path === '/chat/ch1/messages/m-del')).toBe(true);

    await user.click(screen.getByRole('button', { name: "Select carol's message" }));
    await user.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Ban user' }));
    const confirm = await screen.findByRole('alertdialog');
    expect(confirm).toHaveTextContent('Are you sure you would like to ban carol?');
    await user.click(within(confirm).getByRole('button', { name: 'Ban user' }));
    expect(await screen.findByTestId('success-notification')).toHaveTextContent('User banned from channel');
    expect(within(log()).queryByText('second')).toBeNull();
    expect(within(log()).getByText('my own')).toBeInTheDocument();
    expect(calls.some((c) => c.method === 'PUT' && c.path === '/chat/ch1/bans/u-3')).toBe(true);
  });

  it('gives up after 7 failed connection attempts: "Error loading chat", "Chat disabled"', async () => {
    fakeApi({ 'GET /auth/session': signedOut, 'GET /channels/bob': () => ({ status: 200, body: bobChannel }) });
    renderApp('/bob');
    await waitFor(() => expect(hasSubscription('chat:ch2')).toBe(true));
    act(() => failConnection(6));
    expect(screen.queryByPlaceholderText('Chat disabled')).toBeNull();
    act(() => failConnection(1));
    expect(await screen.findByTestId('error-notification')).toHaveTextContent('Error loading chat');
    expect(screen.getByPlaceholderText('Chat disabled')).toBeDisabled();
  });

  it('refreshes the channel data on a liveStatus event', async () => {
    const calls = fakeApi({ 'GET /auth/session': signedOut, 'GET /channels/bob': () => ({ status: 200, body: bobChannel }) });
    renderApp('/bob');
    await connected('channel:ch2');
    const before = calls.filter((c) => c.path === '/channels/bob').length;
    act(() => publish('channel:ch2', { type: 'liveStatus', channelId: 'ch2', isLive: true, time: '' }));
    await waitFor(() => expect(calls.filter((c) => c.path === '/channels/bob').length).toBe(before + 1));
    // Signed out: no inbox.
    expect(hasSubscription('#u-1')).toBe(false);
  });

  it('sticks to the bottom, and offers "New messages" when scrolled up', async () => {
    fakeApi({ 'GET /auth/session': signedOut, 'GET /channels/bob': () => ({ status: 200, body: bobChannel }) });
    renderApp('/bob');
    await connected('chat:ch2');
    const el = log();
    let top = 0;
    Object.defineProperty(el, 'scrollHeight', { configurable: true, get: () => 1000 });
    Object.defineProperty(el, 'clientHeight', { configurable: true, get: () => 200 });
    Object.defineProperty(el, 'scrollTop', { configurable: true, get: () => top, set: (v: number) => (top = Math.min(v, 800)) });

    act(() => publish('chat:ch2', message(carol, 'first')));
    expect(top).toBe(800);
    expect(screen.queryByRole('button', { name: 'New messages' })).toBeNull();

    top = 100;
    fireEvent.scroll(el);
    act(() => publish('chat:ch2', message(carol, 'while away')));
    expect(top).toBe(100);
    await userEvent.setup().click(screen.getByRole('button', { name: 'New messages' }));
    expect(top).toBe(800);
    expect(screen.queryByRole('button', { name: 'New messages' })).toBeNull();
  });
});

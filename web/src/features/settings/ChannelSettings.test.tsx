// Channel settings (spec 2.7): colour, avatar and banner, on the settings page.
import { describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderApp } from '../../test/render';
import { alice, apiError, fakeApi, type Call, type Handler } from '../../test/fakeApi';
import { profileColors } from '../../lib/profile';

const me = { ...alice, channelAssetUrls: {} as { avatar?: string; banner?: string } };

function ownChannel(user: typeof me) {
  return {
    id: user.id, username: user.username, email: user.email, avatar: user.avatar, color: user.color, channelId: 'ch1',
    playbackId: 'pb1', playbackUrl: '', ingestEndpoint: '127.0.0.1', ingestServerUrl: 'rtmp://127.0.0.1:1935/app/',
    streamKeyValue: 'sk', chatRoomId: 'room', trackingId: 'ch1', channelAssetUrls: user.channelAssetUrls, stageId: null,
    channelConfiguration: { type: 'STANDARD' },
  };
}

/** The settings page for `user` with extra routes; returns the call log. */
async function setup(routes: Record<string, Handler> = {}, user: typeof me = me) {
  const calls = fakeApi({
    'GET /auth/session': () => ({ status: 200, body: { user } }),
    'GET /channel': () => ({ status: 200, body: ownChannel(user) }),
    ...routes,
  });
  const ue = userEvent.setup({ applyAccept: false });
  renderApp('/settings');
  const section = await screen.findByTestId('channel-settings');
  return { calls, user: ue, section };
}

const profile = (p: Partial<{ avatar: string; color: string; channelAssetUrls: Record<string, string> }> = {}) => ({
  status: 200,
  body: { avatar: me.avatar, color: me.color, channelAssetUrls: {}, ...p },
});

/** A deferred API answer the test settles. */
function deferred() {
  let resolve!: (v: { status: number; body?: unknown }) => void;
  const promise = new Promise<{ status: number; body?: unknown }>((r) => (resolve = r));
  return { handler: (() => promise) as Handler, resolve };
}

function png(size: number, name = 'me.png') {
  return new File([new Uint8Array(size)], name, { type: 'image/png' });
}

const mutations = (calls: Call[]) => calls.filter((c) => c.method !== 'GET');

describe('channel settings: colour', () => {
  it('shows one radio per colour, named by colour, with the current one checked', async () => {
    const { section } = await setup();
    const group = within(section).getByRole('radiogroup', { name: 'Color' });
    const radios = within(group).getAllByRole('radio');
    expect(radios.map((r) => r.getAttribute('aria-label'))).toEqual([...profileColors]);
    expect(within(group).getByRole('radio', { name: 'blue' })).toHaveAttribute('aria-checked', 'true');
    expect(radios.filter((r) => r.getAttribute('aria-checked') === 'true')).toHaveLength(1);
  });

  it('saves a new colour optimistically and toasts "Color saved"', async () => {
    const save = deferred();
    const { calls, user, section } = await setup({ 'PUT /channel/preferences/update': save.handler });
    const group = within(section).getByRole('radiogroup', { name: 'Color' });
    await user.click(within(group).getByRole('radio', { name: 'green' }));
    expect(within(group).getByRole('radio', { name: 'green' })).toHaveAttribute('aria-checked', 'true');
    expect(within(group).getByRole('radio', { name: 'blue' })).toHaveAttribute('aria-checked', 'false');
    expect(mutations(calls)).toEqual([{ method: 'PUT', path: '/channel/preferences/update', body: { color: { name: 'green' } } }]);

    save.resolve(profile({ color: 'green' }));
    expect(await screen.findByTestId('success-notification')).toHaveTextContent('Color saved');
    expect(within(group).getByRole('radio', { name: 'green' })).toHaveAttribute('aria-checked', 'true');
  });

  it('clicking the selected colour sends nothing', async () => {
    const { calls, user, section } = await setup();
    await user.click(within(section).getByRole('radio', { name: 'blue' }));
    expect(mutations(calls)).toEqual([]);
    expect(screen.queryByTestId('success-notification')).toBeNull();
  });

  it('a failed save toasts "Color failed to save" and puts the old colour back', async () => {
    const save = deferred();
    const { user, section } = await setup({ 'PUT /channel/preferences/update': save.handler });
    const group = within(section).getByRole('radiogroup', { name: 'Color' });
    await user.click(within(group).getByRole('radio', { name: 'salmon' }));
    expect(within(group).getByRole('radio', { name: 'salmon' })).toHaveAttribute('aria-checked', 'true');

    save.resolve(apiError(500, 'UnexpectedException', 'boom'));
    expect(await screen.findByTestId('error-notification')).toHaveTextContent('Color failed to save');
    expect(within(group).getByRole('radio', { name: 'blue' })).toHaveAttribute('aria-checked', 'true');
    expect(within(group).getByRole('radio', { name: 'salmon' })).toHaveAttribute('aria-checked', 'false');
  });
});

describe('channel settings: avatar', () => {
  it('choosing a preset avatar saves it and toasts "Avatar saved"', async () => {
    const { calls, user, section } = await setup({ 'PUT /channel/preferences/update': () => profile({ avatar: 'tiger' }) });
    const group = within(section).getByRole('radiogroup', { name: 'Avatar' });
    expect(within(group).getByRole('radio', { name: 'bear' })).toHaveAttribute('aria-checked', 'true');
    await user.click(within(group).getByRole('radio', { name: 'tiger' }));
    expect(await screen.findByTestId('success-notification')).toHaveTextContent('Avatar saved');
    expect(mutations(calls)).toEqual([{ method: 'PUT', path: '/channel/preferences/update', body: { avatar: { name: 'tiger' } } }]);
    await waitFor(() => expect(within(group).getByRole('radio', { name: 'tiger' })).toHaveAttribute('aria-checked', 'true'));
    expect(within(group).getByRole('radio', { name: 'bear' })).toHaveAttribute('aria-checked', 'false');
  });

  it('a failed preset save toasts "Avatar failed to save"', async () => {
    const { user, section } = await setup({ 'PUT /channel/preferences/update': () => apiError(500, 'UnexpectedException', 'boom') });
    await user.click(within(section).getByRole('radio', { name: 'tiger' }));
    expect(await screen.findByTestId('error-notification')).toHaveTextContent('Avatar failed to save');
    expect(within(section).getByRole('radio', { name: 'bear' })).toHaveAttribute('aria-checked', 'true');
  });

  it('a file that is not a JPEG or PNG is refused before sending', async () => {
    const { calls, user } = await setup();
    await user.upload(screen.getByTestId('avatar-file'), new File(['GIF89a'], 'me.gif', { type: 'image/gif' }));
    expect(await screen.findByTestId('error-notification')).toHaveTextContent("Can't select the file you chose");
    expect(mutations(calls)).toEqual([]);
  });

  it('an avatar over 1 MB (10^6 bytes) is refused before sending', async () => {
    const { calls, user } = await setup();
    await user.upload(screen.getByTestId('avatar-file'), png(1_000_001));
    expect(await screen.findByTestId('error-notification')).toHaveTextContent('Image exceeded max file size');
    expect(mutations(calls)).toEqual([]);
  });

  it('uploads a valid PNG as the request body and toasts "Image uploaded and avatar saved"', async () => {
    const { calls, user, section } = await setup({
      'PUT /channel/assets/avatar': () => profile({ avatar: 'custom', channelAssetUrls: { avatar: '/assets/u-1/avatar-1.png' } }),
    });
    const file = png(1_000_000);
    await user.upload(screen.getByTestId('avatar-file'), file);
    expect(await screen.findByTestId('success-notification')).toHaveTextContent('Image uploaded and avatar saved');

    expect(mutations(calls).map((c) => `${c.method} ${c.path}`)).toEqual(['PUT /channel/assets/avatar']);
    const sent = vi.mocked(fetch).mock.calls.find(([url]) => String(url) === '/api/v1/channel/assets/avatar');
    expect(sent?.[1]?.method).toBe('PUT');
    expect(sent?.[1]?.body).toBe(file);
    expect(sent?.[1]?.headers).toMatchObject({ 'Content-Type': 'image/png' });

    const group = within(section).getByRole('radiogroup', { name: 'Avatar' });
    await waitFor(() =>
      expect(within(group).getByRole('radio', { name: 'Your uploaded avatar image' })).toHaveAttribute('aria-checked', 'true'),
    );
    expect(within(section).getByRole('button', { name: 'Delete avatar image' })).toBeInTheDocument();
    expect(within(section).getByRole('button', { name: 'Replace image' })).toBeInTheDocument();
  });

  it('a JPEG is accepted too', async () => {
    const { calls, user } = await setup({ 'PUT /channel/assets/avatar': () => profile({ avatar: 'custom', channelAssetUrls: { avatar: '/a.jpg' } }) });
    await user.upload(screen.getByTestId('avatar-file'), new File([new Uint8Array(10)], 'me.jpg', { type: 'image/jpeg' }));
    expect(await screen.findByTestId('success-notification')).toHaveTextContent('Image uploaded and avatar saved');
    expect(mutations(calls).map((c) => c.path)).toEqual(['/channel/assets/avatar']);
  });

  it("a refused image toasts the server's message", async () => {
    const { user } = await setup({
      'PUT /channel/assets/avatar': () => apiError(400, 'UnsupportedImageException', 'The file is not a JPEG or PNG image.'),
    });
    await user.upload(screen.getByTestId('avatar-file'), png(10));
    expect(await screen.findByTestId('error-notification')).toHaveTextContent('The file is not a JPEG or PNG image.');
  });

  it('other upload failures toast the generic message', async () => {
    const { user } = await setup({ 'PUT /channel/assets/avatar': () => apiError(500, 'UnexpectedException', 'internal detail') });
    await user.upload(screen.getByTestId('avatar-file'), png(10));
    const toast = await screen.findByTestId('error-notification');
    expect(toast).toHaveTextContent('Avatar failed to save');
    expect(toast).not.toHaveTextContent('internal detail');
  });

  it('deleting the uploaded avatar asks first, then sends DELETE and toasts "Avatar image deleted"', async () => {
    const withImage = { ...me, avatar: 'custom', channelAssetUrls: { avatar: '/assets/u-1/avatar-1.png' } };
    const { calls, user, section } = await setup({ 'DELETE /channel/assets/avatar': () => profile({ avatar: 'bear' }) }, withImage);
    await user.click(within(section).getByRole('button', { name: 'Delete avatar image' }));
    const dialog = screen.getByRole('alertdialog', { name: 'Are you sure you want to delete your avatar image?' });
    expect(mutations(calls)).toEqual([]);

    await user.click(within(dialog).getByRole('button', { name: 'Delete image' }));
    expect(await screen.findByTestId('success-notification')).toHaveTextContent('Avatar image deleted');
    expect(mutations(calls).map((c) => `${c.method} ${c.path}`)).toEqual(['DELETE /channel/assets/avatar']);
    await waitFor(() => expect(screen.queryByRole('alertdialog')).toBeNull());
    await waitFor(() => expect(within(section).queryByRole('button', { name: 'Delete avatar image' })).toBeNull());
    expect(within(section).getByRole('radio', { name: 'Upload an avatar image' })).toBeInTheDocument();
  });

  it('cancelling the delete sends nothing', async () => {
    const withImage = { ...me, avatar: 'custom', channelAssetUrls: { avatar: '/a.png' } };
    const { calls, user, section } = await setup({}, withImage);
    await user.click(within(section).getByRole('button', { name: 'Delete avatar image' }));
    await user.click(within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(mutations(calls)).toEqual([]);
  });
});

describe('channel settings: banner', () => {
  it('uploads a banner and toasts "Profile banner uploaded"', async () => {
    const { calls, user, section } = await setup({
      'PUT /channel/assets/banner': () => profile({ channelAssetUrls: { banner: '/assets/u-1/banner-1.png' } }),
    });
    const file = png(2_000_000, 'banner.png'); // over the avatar limit, within the banner's 5 MB
    await user.upload(screen.getByTestId('banner-file'), file);
    expect(await screen.findByTestId('success-notification')).toHaveTextContent('Profile banner uploaded');
    expect(mutations(calls).map((c) => `${c.method} ${c.path}`)).toEqual(['PUT /channel/assets/banner']);
    const sent = vi.mocked(fetch).mock.calls.find(([url]) => String(url) === '/api/v1/channel/assets/banner');
    expect(sent?.[1]?.body).toBe(file);
    await waitFor(() => expect(within(section).getByRole('button', { name: 'Delete profile banner' })).toBeInTheDocument());
  });

  it('a banner over 5 MB is refused before sending', async () => {
    const { calls, user } = await setup();
    await user.upload(screen.getByTestId('banner-file'), png(5_000_001, 'banner.png'));
    expect(await screen.findByTestId('error-notification')).toHaveTextContent('Image exceeded max file size');
    expect(mutations(calls)).toEqual([]);
  });

  it('a banner that is not a JPEG or PNG is refused before sending', async () => {
    const { calls, user } = await setup();
    await user.upload(screen.getByTestId('banner-file'), new File(['x'], 'banner.webp', { type: 'image/webp' }));
    expect(await screen.findByTestId('error-notification')).toHaveTextContent("Can't select the file you chose");
    expect(mutations(calls)).toEqual([]);
  });
});

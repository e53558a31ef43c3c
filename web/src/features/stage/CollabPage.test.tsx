// /manager/collab with a fake stage room (LiveKit cannot run in jsdom) and fake devices.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderApp } from '../../test/render';
import { alice, aliceChannel, apiError, fakeApi, type Handler } from '../../test/fakeApi';
import { FakeMediaStream, fakeTrack } from '../../test/fakeWebrtc';
import { connectAll, publish } from '../../test/fakeCentrifuge';
import { member, rooms } from '../../test/fakeStageRoom';
import type { StageJoin } from '../../lib/types';

vi.mock('./room', () => import('../../test/fakeStageRoom'));

function stream(tracks: MediaStreamTrack[]) {
  return {
    getTracks: () => tracks,
    getVideoTracks: () => tracks.filter((t) => t.kind === 'video'),
    getAudioTracks: () => tracks.filter((t) => t.kind === 'audio'),
  };
}

beforeEach(() => {
  rooms.length = 0;
  vi.stubGlobal('MediaStream', FakeMediaStream);
  vi.stubGlobal('navigator', {
    ...navigator,
    mediaDevices: {
      getUserMedia: vi.fn(async (c: MediaStreamConstraints) => {
        const tracks: MediaStreamTrack[] = [];
        if (c.video) tracks.push(Object.assign(fakeTrack('video', 'Front camera'), { getSettings: () => ({ deviceId: 'cam1' }) }));
        if (c.audio) tracks.push(Object.assign(fakeTrack('audio', 'Built-in mic'), { getSettings: () => ({ deviceId: 'mic1' }) }));
        return stream(tracks);
      }),
      getDisplayMedia: vi.fn(),
      enumerateDevices: vi.fn(async () => []),
      addEventListener: vi.fn(),
      removeEventListener: vi.fn(),
    },
  });
  const ctx = new Proxy({}, { get: () => vi.fn() });
  vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(ctx as unknown as CanvasRenderingContext2D);
  HTMLCanvasElement.prototype.captureStream = vi.fn(() => stream([fakeTrack('video', 'canvas')]) as unknown as MediaStream);
  vi.spyOn(HTMLMediaElement.prototype, 'play').mockResolvedValue(undefined);
});

afterEach(() => vi.unstubAllGlobals());

const join = (over: Partial<StageJoin> = {}): StageJoin => ({
  stageId: 'st1',
  participantRole: 'host',
  url: 'ws://localhost:8080',
  user: { token: 'jwt-user', participantId: 'host:ch1', participantGroup: 'user' },
  display: null,
  stageCreationDate: Date.now() - 65_000,
  hostUsername: 'alice',
  inviteCode: 'c0de',
  ...over,
});

function setup(path: string, routes: Record<string, Handler> = {}) {
  const calls = fakeApi({
    'GET /auth/session': () => ({ status: 200, body: { user: alice } }),
    'GET /channel': () => ({ status: 200, body: aliceChannel }),
    'GET /channel/liveStatus': () => ({ status: 200, body: { isBroadcasting: false, isStageActive: false } }),
    'GET /channel/actions/active': () => ({ status: 200, body: { action: null } }),
    'GET /channel/actions/forms': () => ({ status: 200, body: { forms: {} } }),
    'GET /stages/create': () => ({ status: 200, body: join() }),
    'GET /stages/requests': () => ({ status: 200, body: { requests: [] } }),
    'GET /stages/st1': () => ({ status: 200, body: { stageId: 'st1' } }),
    ...routes,
  });
  return { calls, app: renderApp(path) };
}

const me = member({ id: 'host:ch1', username: 'alice', userId: 'u-1', role: 'host', isLocal: true });
const bob = member({ id: 'p-bob', username: 'bob', userId: 'u-2' });

async function inSession() {
  await waitFor(() => expect(rooms).toHaveLength(1));
  const room = rooms[0]!;
  act(() => room.setMembers([me]));
  return room;
}

describe('host', () => {
  it('creates the stage, goes straight in and publishes camera and mic', async () => {
    const { app } = setup('/manager/collab');
    const room = await inSession();
    expect(room.token).toBe('jwt-user');
    await waitFor(() => expect(room.tracks.camera).toBeTruthy());
    expect(room.tracks.mic).toBeTruthy();
    expect(screen.getByTestId('stage-tile')).toHaveAttribute('data-participant', 'alice');
    expect(screen.getByRole('button', { name: 'Invite participant' })).toBeInTheDocument();
    expect(screen.getByRole('timer', { name: 'Session time' })).toHaveTextContent(/^00:01:0\d$/);
    // Every stream action but the poll is off.
    expect(screen.getByTestId('stream-manager-poll-action-button')).not.toHaveAttribute('aria-disabled');
    expect(screen.getByTestId('stream-manager-celebration-action-button')).toHaveAttribute('aria-disabled', 'true');
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Mute' }));
    await waitFor(() => expect(room.muted.mic).toBe(true));
    expect(screen.getByRole('button', { name: 'Unmute' })).toBeInTheDocument();
    expect(app.location()).toBe('/manager/collab');
  });

  it('failure to create: "Unable to create session", back to /manager', async () => {
    const { app } = setup('/manager/collab', { 'GET /stages/create': () => apiError(409, 'ChannelLiveException', 'live') });
    expect(await screen.findByTestId('error-notification')).toHaveTextContent('Unable to create session');
    await waitFor(() => expect(app.location()).toBe('/manager'));
  });

  it('ends the session for everyone', async () => {
    const { app, calls } = setup('/manager/collab', { 'PUT /stages/end': () => ({ status: 200, body: {} }) });
    await inSession();
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'End session' }));
    const dialog = screen.getByRole('alertdialog', { name: 'Leave and end session for everyone?' });
    await user.click(within(dialog).getByRole('button', { name: 'Leave' }));
    await waitFor(() => expect(app.location()).toBe('/manager'));
    expect(calls.some((c) => c.method === 'PUT' && c.path === '/stages/end')).toBe(true);
    expect(screen.getByTestId('success-notification')).toHaveTextContent('You have left the session');
  });

  it('lists participants and requests, confirms a request and removes a participant with their screen share', async () => {
    const { calls } = setup('/manager/collab', {
      'GET /stages/requests': () => ({
        status: 200,
        body: { requests: [{ userId: 'u-3', channelId: 'ch3', username: 'carol', avatar: 'bear', profileColor: 'red', sent: Date.now() - 30_000 }] },
      }),
      'POST /stages/acceptRequest': () => ({ status: 200, body: {} }),
      'PUT /stages/disconnectParticipant': () => ({ status: 200, body: {} }),
    });
    const room = await inSession();
    const share = member({ id: 'd-bob', username: 'bob', group: 'display', userParticipantId: 'p-bob', role: 'screenshare' });
    act(() => room.setMembers([me, bob, share]));
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Participants' }));
    const dialog = screen.getByRole('dialog', { name: 'Participants (3/12)' });
    expect(within(dialog).getByRole('listitem', { name: 'alice' })).toHaveTextContent('(You)');
    const requests = within(dialog).getByRole('list', { name: 'Requests' });
    const carol = within(requests).getByRole('listitem', { name: 'carol' });
    expect(carol).toHaveTextContent('1 min ago');
    await user.click(within(carol).getByRole('button', { name: 'Confirm' }));
    await waitFor(() => expect(within(dialog).queryByRole('listitem', { name: 'carol' })).toBeNull());
    expect(calls).toContainEqual({ method: 'POST', path: '/stages/acceptRequest', body: { userId: 'u-3' } });

    await user.click(within(within(dialog).getByRole('listitem', { name: 'bob' })).getByRole('button', { name: 'Remove' }));
    const confirm = screen.getByRole('alertdialog', { name: 'Are you sure you want to remove bob from the session?' });
    await user.click(within(confirm).getByRole('button', { name: 'Remove participant' }));
    await waitFor(() =>
      expect(calls).toContainEqual({
        method: 'PUT',
        path: '/stages/disconnectParticipant',
        body: { participantId: 'p-bob', displayParticipantId: 'd-bob' },
      }),
    );
  });

  it('adds requests from the inbox and toasts late joiners', async () => {
    setup('/manager/collab');
    const room = await inSession();
    act(() => connectAll());
    act(() =>
      publish('#u-1', {
        type: 'STAGE_REQUEST_TO_JOIN',
        stageId: 'st1',
        request: { userId: 'u-4', channelId: 'ch4', username: 'dave', avatar: 'bear', profileColor: 'red', sent: Date.now() },
      }),
    );
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Participants' }));
    expect(within(screen.getByRole('list', { name: 'Requests' })).getByRole('listitem', { name: 'dave' })).toBeInTheDocument();
    vi.spyOn(Date, 'now').mockReturnValue(Date.now() + 10_000);
    act(() => room.emit({ type: 'joined', member: bob }));
    expect(screen.getByTestId('info-notification')).toHaveTextContent('bob has joined the session');
  });

  it('copies the session link', async () => {
    setup('/manager/collab');
    await inSession();
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'More options' }));
    await user.click(screen.getByRole('menuitem', { name: 'Copy session link' }));
    await expect(navigator.clipboard.readText()).resolves.toBe(`${window.location.origin}/manager/collab?stageId=st1&invite=c0de`);
    expect(await screen.findByTestId('success-notification')).toHaveTextContent('Session link has been copied to clipboard');
  });
});

describe('participant', () => {
  const invited = join({ participantRole: 'invited', user: { token: 'jwt-inv', participantId: 'p-bob', participantGroup: 'user' } });

  it('invite link: "Ready to join?", then "Join now"', async () => {
    const { calls } = setup('/manager/collab?stageId=st1&invite=c0de', {
      'GET /stages/createParticipantToken/st1/invited': () => ({ status: 200, body: invited }),
    });
    const dialog = await screen.findByRole('dialog', { name: 'Ready to join?' });
    expect(calls.find((c) => c.path === '/stages/createParticipantToken/st1/invited')?.search).toBe('?invite=c0de');
    expect(rooms).toHaveLength(0);
    const user = userEvent.setup();
    await user.click(within(dialog).getByRole('button', { name: 'Join now' }));
    await waitFor(() => expect(rooms).toHaveLength(1));
    expect(rooms[0]!.token).toBe('jwt-inv');
    expect(calls.some((c) => c.path === '/stages/create')).toBe(false);
    expect(screen.getByRole('button', { name: 'Leave session' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Participants' })).toBeNull();
  });

  it('requested join asks for a requested token', async () => {
    const { calls } = setup('/manager/collab?stageId=st1&role=requested', {
      'GET /stages/createParticipantToken/st1/requested': () => ({ status: 200, body: { ...invited, participantRole: 'requested' } }),
    });
    await screen.findByRole('dialog', { name: 'Ready to join?' });
    expect(calls.some((c) => c.path === '/stages/createParticipantToken/st1/requested')).toBe(true);
  });

  it('token refused: back to /manager', async () => {
    const { app } = setup('/manager/collab?stageId=st1', {
      'GET /stages/createParticipantToken/st1/invited': () => apiError(404, 'StageNotFoundException', 'The session ended'),
    });
    await waitFor(() => expect(app.location()).toBe('/manager'));
  });

  it('stage gone while "Ready to join?" is open: "The session ended"', async () => {
    const { app } = setup('/manager/collab?stageId=st1', {
      'GET /stages/createParticipantToken/st1/invited': () => ({ status: 200, body: invited }),
      'GET /stages/st1': () => apiError(404, 'StageNotFoundException', 'The session ended'),
    });
    expect(await screen.findByTestId('error-notification')).toHaveTextContent('The session ended');
    await waitFor(() => expect(app.location()).toBe('/manager'));
  });

  async function joined() {
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Join now' }));
    await waitFor(() => expect(rooms).toHaveLength(1));
    return rooms[0]!;
  }

  it('kicked (inbox): "You have been removed from the session"', async () => {
    const { app } = setup('/manager/collab?stageId=st1', {
      'GET /stages/createParticipantToken/st1/invited': () => ({ status: 200, body: invited }),
    });
    await joined();
    act(() => connectAll());
    act(() => publish('#u-1', { type: 'STAGE_PARTICIPANT_KICKED', stageId: 'st1' }));
    await waitFor(() => expect(app.location()).toBe('/manager'));
    expect(screen.getByTestId('error-notification')).toHaveTextContent('You have been removed from the session');
  });

  it('room deleted: "The session ended"', async () => {
    const { app } = setup('/manager/collab?stageId=st1', {
      'GET /stages/createParticipantToken/st1/invited': () => ({ status: 200, body: invited }),
    });
    const room = await joined();
    act(() => room.emit({ type: 'disconnected', reason: 'roomDeleted' }));
    await waitFor(() => expect(app.location()).toBe('/manager'));
    expect(screen.getByTestId('error-notification')).toHaveTextContent('The session ended');
  });

  it('leaving the page asks first', async () => {
    const { app } = setup('/manager/collab?stageId=st1', {
      'GET /stages/createParticipantToken/st1/invited': () => ({ status: 200, body: invited }),
    });
    await joined();
    act(() => void app.router.navigate('/settings'));
    const dialog = await screen.findByRole('alertdialog', {
      name: 'Are you sure you want to leave this page? You will also leave this session.',
    });
    const user = userEvent.setup();
    await user.click(within(dialog).getByRole('button', { name: 'Leave page' }));
    await waitFor(() => expect(app.location()).toBe('/settings'));
  });
});

describe('/manager', () => {
  it('sends the host back to their stage', async () => {
    const { app } = setup('/manager', { 'GET /channel': () => ({ status: 200, body: { ...aliceChannel, stageId: 'st1' } }) });
    await waitFor(() => expect(app.location()).toBe('/manager/collab'));
  });

  it('"Collaborate" opens /manager/collab', async () => {
    const { app } = setup('/manager');
    const button = await screen.findByRole('button', { name: 'Collaborate' });
    await waitFor(() => expect(button).not.toHaveAttribute('aria-disabled'));
    await userEvent.setup().click(button);
    await waitFor(() => expect(app.location()).toBe('/manager/collab'));
  });
});

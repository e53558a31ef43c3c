// The stages group of the API client (docs/stages.md): addresses, methods and bodies.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { api } from '../../lib/api';
import { fakeApi } from '../../test/fakeApi';

afterEach(() => vi.unstubAllGlobals());

describe('api.stages', () => {
  it('calls every route with its method and body', async () => {
    const calls = fakeApi(
      Object.fromEntries(
        [
          'GET /stages/create',
          'GET /stages/st%2F1',
          'GET /stages/createParticipantToken/st1/invited',
          'GET /stages/createParticipantToken/st1/requested',
          'GET /stages/createParticipantToken/st1/screenshare',
          'GET /stages/createSpectatorToken/st1',
          'PUT /stages/end',
          'PUT /stages/disconnectParticipant',
          'PUT /stages/removeScreenShare',
          'POST /stages/requestToJoin',
          'POST /stages/revokeStageRequest',
          'POST /stages/acceptRequest',
          'POST /stages/deleteRequest',
        ].map((r) => [r, () => ({ status: 200, body: {} })]),
      ),
    );
    await api.stages.create();
    await api.stages.get('st/1');
    await api.stages.participantToken('st1', 'invited', 'c0de');
    await api.stages.participantToken('st1', 'requested');
    await api.stages.participantToken('st1', 'screenshare');
    await api.stages.spectatorToken('st1');
    await api.stages.end();
    await api.stages.disconnectParticipant('p1', 'd1');
    await api.stages.disconnectParticipant('p2');
    await api.stages.removeScreenShare('d1');
    await api.stages.requestToJoin('st1');
    await api.stages.revokeRequest('st1');
    await api.stages.acceptRequest('u2');
    await api.stages.deleteRequest('u3');
    expect(calls[2]?.search).toBe('?invite=c0de');
    expect(calls.map((c) => [c.method, c.path, c.body])).toEqual([
      ['GET', '/stages/create', undefined],
      ['GET', '/stages/st%2F1', undefined],
      ['GET', '/stages/createParticipantToken/st1/invited', undefined],
      ['GET', '/stages/createParticipantToken/st1/requested', undefined],
      ['GET', '/stages/createParticipantToken/st1/screenshare', undefined],
      ['GET', '/stages/createSpectatorToken/st1', undefined],
      ['PUT', '/stages/end', undefined],
      ['PUT', '/stages/disconnectParticipant', { participantId: 'p1', displayParticipantId: 'd1' }],
      ['PUT', '/stages/disconnectParticipant', { participantId: 'p2' }],
      ['PUT', '/stages/removeScreenShare', { participantId: 'd1' }],
      ['POST', '/stages/requestToJoin', { stageId: 'st1' }],
      ['POST', '/stages/revokeStageRequest', { stageId: 'st1' }],
      ['POST', '/stages/acceptRequest', { userId: 'u2' }],
      ['POST', '/stages/deleteRequest', { userId: 'u3' }],
    ]);
  });

  it('unwraps the pending requests', async () => {
    fakeApi({ 'GET /stages/requests': () => ({ status: 200, body: { requests: [{ userId: 'u2' }] } }) });
    await expect(api.stages.requests()).resolves.toEqual([{ userId: 'u2' }]);
  });

  it('beacons the host leaving and a withdrawn request as JSON strings', () => {
    const sendBeacon = vi.fn(() => true);
    vi.stubGlobal('navigator', { ...navigator, sendBeacon });
    expect(api.beacon.hostDisconnected('st1')).toBe(true);
    expect(api.beacon.revokeStageRequest('st1')).toBe(true);
    expect(sendBeacon.mock.calls).toEqual([
      ['/api/v1/stages/sendHostDisconnectedMessage', '{"stageId":"st1"}'],
      ['/api/v1/stages/revokeStageRequest', '{"stageId":"st1"}'],
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { requestAge, sessionLink } from './format';
import { gridLayout } from './layout';
import { announceJoin, screenOf, splitMembers } from './members';
import { requestsReducer } from './requests';
import { requestedPath, resolveCollabRoute } from './route';
import { joinedMessage, participantsTitle, removeConfirm } from './messages';
import type { StageRequest } from '../../lib/types';
import { member } from '../../test/fakeStageRoom';

describe('gridLayout', () => {
  it.each([
    [0, 1, 1],
    [1, 1, 1],
    [2, 2, 1],
    [3, 2, 2],
    [4, 2, 2],
    [5, 3, 2],
    [6, 3, 2],
    [9, 3, 3],
    [12, 4, 3],
  ])('%i tiles in a 16:9 box take %i columns and %i rows', (n, columns, rows) => {
    expect(gridLayout(n)).toMatchObject({ columns, rows, visible: n, overflow: 0 });
  });

  it('stacks tiles in a tall box', () => {
    expect(gridLayout(2, 9 / 16)).toMatchObject({ columns: 1, rows: 2 });
  });

  it('folds what does not fit into the last slot', () => {
    expect(gridLayout(14, 16 / 9, 12)).toEqual({ columns: 4, rows: 3, visible: 11, overflow: 3 });
    expect(gridLayout(5, 16 / 9, 4)).toMatchObject({ visible: 3, overflow: 2 });
  });
});

describe('requestAge', () => {
  const now = 10 * 3_600_000;
  it.each([
    [0, '1 min ago'],
    [59_000, '1 min ago'],
    [60_000, '1 min ago'],
    [119_000, '1 min ago'],
    [120_000, '2 min ago'],
    [59 * 60_000, '59 min ago'],
    [3_600_000, '1 hr ago'],
    [2.5 * 3_600_000, '2 hr ago'],
    [-5000, '1 min ago'],
  ])('%i ms reads %s', (age, text) => {
    expect(requestAge(now - age, now)).toBe(text);
  });
});

describe('sessionLink', () => {
  it('is the invite address of /manager/collab', () => {
    expect(sessionLink('st_1', 'c0de', 'https://onair.example')).toBe('https://onair.example/manager/collab?stageId=st_1&invite=c0de');
  });
});

describe('resolveCollabRoute', () => {
  it.each([
    ['', { kind: 'host' }],
    ['?stageId=st_1&invite=c0de', { kind: 'invited', stageId: 'st_1', invite: 'c0de' }],
    ['?stageId=st_1&role=invited&invite=c0de', { kind: 'invited', stageId: 'st_1', invite: 'c0de' }],
    ['?stageId=st_1', { kind: 'invited', stageId: 'st_1', invite: '' }],
    ['?stageId=st_1&role=requested', { kind: 'requested', stageId: 'st_1' }],
    ['?stageId=&role=requested', null],
    ['?role=requested', null],
    ['?stageId=st_1&role=host', null],
    ['?stageId=st_1&role=spectator', null],
  ])('%s resolves to %j', (search, route) => {
    expect(resolveCollabRoute(search)).toEqual(route);
  });

  it('round-trips the requested path', () => {
    const path = requestedPath('st 1');
    expect(resolveCollabRoute(path.slice(path.indexOf('?')))).toEqual({ kind: 'requested', stageId: 'st 1' });
  });
});

const req = (userId: string, sent: number): StageRequest => ({
  userId,
  channelId: `ch-${userId}`,
  username: userId,
  avatar: 'bear',
  profileColor: 'blue',
  sent,
});

describe('requestsReducer', () => {
  it('adds requests oldest first, one per user', () => {
    let s = requestsReducer([], { type: 'event', stageId: 'st', event: { type: 'STAGE_REQUEST_TO_JOIN', stageId: 'st', request: req('b', 2) } });
    s = requestsReducer(s, { type: 'event', stageId: 'st', event: { type: 'STAGE_REQUEST_TO_JOIN', stageId: 'st', request: req('a', 1) } });
    s = requestsReducer(s, { type: 'event', stageId: 'st', event: { type: 'STAGE_REQUEST_TO_JOIN', stageId: 'st', request: req('b', 3) } });
    expect(s.map((r) => [r.userId, r.sent])).toEqual([
      ['a', 1],
      ['b', 3],
    ]);
  });

  it('drops revoked, removed and other stages’ requests', () => {
    const s = [req('a', 1), req('b', 2)];
    expect(requestsReducer(s, { type: 'event', stageId: 'st', event: { type: 'STAGE_REVOKE_REQUEST_TO_JOIN', stageId: 'st', userId: 'a' } })).toEqual([req('b', 2)]);
    expect(requestsReducer(s, { type: 'event', stageId: 'st', event: { type: 'STAGE_REVOKE_REQUEST_TO_JOIN', stageId: 'other', userId: 'a' } })).toBe(s);
    expect(requestsReducer(s, { type: 'remove', userId: 'b' })).toEqual([req('a', 1)]);
    expect(requestsReducer(s, { type: 'remove', userId: 'zz' })).toBe(s);
  });

  it('merges the loaded list with events that came first', () => {
    const s = requestsReducer([req('c', 5)], { type: 'loaded', requests: [req('a', 1), req('c', 4)] });
    expect(s.map((r) => [r.userId, r.sent])).toEqual([
      ['a', 1],
      ['c', 4],
    ]);
  });
});

describe('members', () => {
  it('puts the host first and screen shares apart', () => {
    const bob = member({ id: 'p-bob', username: 'bob' });
    const host = member({ id: 'host:ch1', username: 'alice', role: 'host' });
    const share = member({ id: 'p-share', username: 'bob', group: 'display', userParticipantId: 'p-bob' });
    const { cameras, screens } = splitMembers([bob, share, host]);
    expect(cameras.map((m) => m.id)).toEqual(['host:ch1', 'p-bob']);
    expect(screens).toEqual([share]);
    expect(screenOf([bob, share, host], bob)).toBe(share);
    expect(screenOf([bob, share, host], host)).toBeUndefined();
    const carol = member({ id: 'p-carol', userId: 'u-3' });
    const carolShare = member({ id: 'd-carol', userId: 'u-3', group: 'display' });
    expect(screenOf([carol, carolShare], carol)).toBe(carolShare);
  });

  it('announces joins only more than 3 s after the local user joined', () => {
    expect(announceJoin(1000, 4000, { isLocal: false })).toBe(false);
    expect(announceJoin(1000, 4001, { isLocal: false })).toBe(true);
    expect(announceJoin(null, 9000, { isLocal: false })).toBe(false);
    expect(announceJoin(1000, 9000, { isLocal: true })).toBe(false);
  });
});

describe('messages', () => {
  it('spells the spec strings', () => {
    expect(joinedMessage('bob', false)).toBe('bob has joined the session');
    expect(joinedMessage('bob', true)).toBe("bob's screenshare has joined the session");
    expect(removeConfirm('bob', false)).toBe('Are you sure you want to remove bob from the session?');
    expect(removeConfirm('bob', true)).toBe('Are you sure you want to remove bob (Screen share) from the session?');
    expect(participantsTitle(2, 12)).toBe('Participants (2/12)');
  });
});

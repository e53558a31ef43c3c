import { describe, expect, it } from 'vitest';
import type { StreamSessionSummary } from '../../../lib/types';
import { daySpanText, groupSessions, neighbours, sessionTimeText } from './sessions';

const session = (streamId: string, start: Date, end: Date | null, extra: Partial<StreamSessionSummary> = {}): StreamSessionSummary => ({
  streamId,
  startTime: start.toISOString(),
  endTime: end ? end.toISOString() : null,
  hasErrorEvent: false,
  isHealthy: true,
  isLive: end === null,
  ...extra,
});

// Local times, so calendar days follow the test machine's zone like the browser's.
const at = (day: number, h: number, m = 0, s = 0) => new Date(2026, 10, day, h, m, s);
const now = at(25, 12);

describe('groupSessions', () => {
  it.each([
    ['earlier today', at(25, 0, 5), 'Today'],
    ['late yesterday', at(24, 23, 59), 'Previous 7 days'],
    ['7 calendar days ago', at(18, 9), 'Previous 7 days'],
    ['8 calendar days ago', at(17, 9), 'Previous 30 days'],
    ['30 calendar days ago', at(26 - 31, 9), 'Previous 30 days'],
    ['31 calendar days ago', at(25 - 31, 9), 'Earlier'],
  ])('%s is in "%s"', (_, start, label) => {
    const groups = groupSessions([session('st-1', start, at(25, 11))], now);
    expect(groups.map((g) => g.label)).toEqual([label]);
  });

  it('keeps the newest-first order and leaves out empty groups', () => {
    const list = [session('a', at(25, 10), null), session('b', at(25, 8), at(25, 9)), session('c', at(1, 8), at(1, 9))];
    const groups = groupSessions(list, now);
    expect(groups.map((g) => [g.label, g.sessions.map((s) => s.streamId)])).toEqual([
      ['Today', ['a', 'b']],
      ['Previous 30 days', ['c']],
    ]);
  });
});

describe('sessionTimeText', () => {
  it.each([
    [at(25, 11, 59, 30), 'Started less than a minute ago'],
    [at(25, 11, 55), 'Started 5 minutes ago'],
    [at(25, 11, 59 - 1), 'Started 2 minutes ago'],
    [at(25, 11), 'Started 1 hour ago'],
    [at(24, 11), 'Started 1 day ago'],
  ])('live since %s: %s', (start, text) => {
    expect(sessionTimeText(session('st', start, null), now)).toBe(text);
  });

  it('gives an ended session its start and end times', () => {
    expect(sessionTimeText(session('st', at(24, 19, 24), at(24, 19, 45)), now)).toBe('7:24 PM – 7:45 PM');
  });
});

describe('daySpanText', () => {
  it.each([
    ['same day', at(24, 19), at(24, 23), ''],
    ['past midnight', at(24, 23), at(25, 1), '+1d'],
    ['three days', at(21, 23), at(24, 1), '+3d'],
  ])('%s', (_, start, end, text) => {
    expect(daySpanText(session('st', start, end), now)).toBe(text);
  });

  it('counts a live session up to now', () => {
    expect(daySpanText(session('st', at(24, 22), null), now)).toBe('+1d');
  });
});

describe('neighbours', () => {
  const list = [session('c', at(25, 10), null), session('b', at(24, 10), at(24, 11)), session('a', at(23, 10), at(23, 11))];
  it.each([
    ['c', 'b', undefined],
    ['b', 'a', 'c'],
    ['a', undefined, 'b'],
    ['missing', undefined, undefined],
  ])('around %s: previous %s, next %s', (id, previous, next) => {
    const n = neighbours(list, id);
    expect(n.previous?.streamId).toBe(previous);
    expect(n.next?.streamId).toBe(next);
  });
});

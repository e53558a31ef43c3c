import { describe, expect, it } from 'vitest';
import { EVENT_TRUST_MS, fromEvent, fromPoll, mergePoll, withPoll, type Latest } from './actionStore';
import { T0, pollAction, product, quiz } from './fixtures';
import { outcome, percent, pollRows, votesLabel } from '../../lib/poll';

const none: Latest = { action: null, eventAt: 0, eventTime: 0 };

describe('the latest action from polls and events', () => {
  it('takes the first poll (late joiner) and later events', () => {
    const p = product(T0);
    const a = fromPoll(none, p, 1000);
    expect(a.action).toBe(p);
    const q = quiz(T0 + 5000);
    const b = fromEvent(a, q, 2000);
    expect(b).toEqual({ action: q, eventAt: 2000, eventTime: T0 + 5000 });
    expect(fromEvent(b, null, 3000).action).toBeNull();
  });

  it('a poll answer in flight when a stop arrived does not bring the action back', () => {
    const q = quiz(T0);
    const stopped = fromEvent(fromEvent(none, q, 1000), null, 2000, new Date(T0 + 3000).toISOString());
    expect(fromPoll(stopped, q, 2500)).toBe(stopped);
    // An action the events missed (started after the stop) is taken.
    const later = product(T0 + 4000);
    expect(fromPoll(stopped, later, 2500).action).toBe(later);
  });

  it('ignores a poll answer contradicting a recent event, unless it names a newer action', () => {
    const q = quiz(T0 + 5000);
    const l = fromEvent(none, q, 10_000);
    expect(fromPoll(l, null, 10_000 + 1000)).toBe(l);
    expect(fromPoll(l, product(T0), 10_000 + 1000)).toBe(l);
    const newer = product(T0 + 6000);
    expect(fromPoll(l, newer, 10_000 + 1000).action).toBe(newer);
    // Long after the event, polls are the truth again (realtime may be down).
    expect(fromPoll(l, null, 10_000 + EVENT_TRUST_MS).action).toBeNull();
  });

  it('keeps the newest tally and the viewer own vote', () => {
    const a = pollAction(T0);
    const poll = a.poll!;
    const withMine = { ...poll, myVote: 1, totalVotes: 1, options: poll.options.map((o, i) => ({ ...o, count: i === 1 ? 1 : 0 })) };
    expect(mergePoll(poll, withMine)).toBe(withMine);
    // A broadcast tally carries no myVote: the viewer's is kept.
    const broadcast = { ...withMine, myVote: null, totalVotes: 4 };
    expect(mergePoll(withMine, broadcast)).toEqual({ ...broadcast, myVote: 1 });
    // An older tally does not win; an ended poll stays ended.
    expect(mergePoll(broadcast, { ...poll, totalVotes: 2 })).toBe(broadcast);
    const ended = { ...broadcast, ended: true };
    expect(mergePoll(ended, broadcast)).toBe(ended);

    const l = fromEvent(none, a, 0);
    expect(withPoll(l, broadcast).action?.poll).toBe(broadcast);
    expect(withPoll(l, { ...broadcast, id: 'other' })).toBe(l);
    // The poll answer of the channel data for the same action merges too.
    const polled = fromPoll(withPoll(l, withMine), { ...a, poll: { ...poll, totalVotes: 1, myVote: 1 } }, 1);
    expect(polled.action?.poll?.myVote).toBe(1);
  });
});

describe('poll results', () => {
  it('rounds percentages up and labels votes', () => {
    expect(percent(1, 3)).toBe(34);
    expect(percent(0, 0)).toBe(0);
    expect(percent(2, 2)).toBe(100);
    expect(votesLabel(1)).toBe('1 vote');
    expect(votesLabel(0)).toBe('0 votes');
    expect(votesLabel(1900)).toBe('1.9K votes');
  });

  it('finds the winner, a tie or no votes, and sorts ended polls by count', () => {
    const opts = (...counts: number[]) => counts.map((count, i) => ({ option: `o${i}`, count }));
    expect(outcome({ options: opts(0, 0) })).toEqual({ kind: 'none' });
    expect(outcome({ options: opts(2, 2, 1) })).toEqual({ kind: 'tie' });
    expect(outcome({ options: opts(1, 3, 2) })).toEqual({ kind: 'winner', index: 1 });
    expect(pollRows({ options: opts(1, 3, 2), totalVotes: 6, ended: true }).map((r) => r.option)).toEqual(['o1', 'o2', 'o0']);
    expect(pollRows({ options: opts(1, 3, 2), totalVotes: 6, ended: false }).map((r) => r.percent)).toEqual([17, 50, 34]);
  });
});

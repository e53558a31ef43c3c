// Poll results arithmetic (spec 7.6): percentages, the outcome, the order.
import { abbreviateCount } from './abbreviate';
import type { Poll } from './types';

/** percentage = ceil(count / total x 100); 0 when nobody voted. */
export function percent(count: number, total: number): number {
  if (total <= 0 || count <= 0) return 0;
  return Math.min(100, Math.ceil((count / total) * 100));
}

/** "1 vote", "12 votes", "1.9K votes". */
export function votesLabel(count: number): string {
  return count === 1 ? '1 vote' : `${abbreviateCount(count)} votes`;
}

export type Outcome = { kind: 'none' } | { kind: 'tie' } | { kind: 'winner'; index: number };

/** No votes at all, several options sharing the most votes, or one winner. */
export function outcome(poll: Pick<Poll, 'options'>): Outcome {
  const max = Math.max(0, ...poll.options.map((o) => o.count));
  if (max === 0) return { kind: 'none' };
  const top = poll.options.flatMap((o, i) => (o.count === max ? [i] : []));
  return top.length === 1 ? { kind: 'winner', index: top[0]! } : { kind: 'tie' };
}

export interface PollRow {
  /** Index in poll.options (what a vote and myVote name). */
  index: number;
  option: string;
  count: number;
  percent: number;
}

/** Rows in the poll's order while it runs; by count, most first, once it ended (ties keep their order). */
export function pollRows(poll: Pick<Poll, 'options' | 'totalVotes' | 'ended'>): PollRow[] {
  const total = poll.totalVotes > 0 ? poll.totalVotes : poll.options.reduce((n, o) => n + o.count, 0);
  const rows = poll.options.map((o, index) => ({ index, option: o.option, count: o.count, percent: percent(o.count, total) }));
  return poll.ended ? [...rows].sort((a, b) => b.count - a.count || a.index - b.index) : rows;
}

export const NO_VOTES_MESSAGE = 'No votes were cast';
export const TIE_MESSAGE = "It's a tie!";

// Stream actions for tests.
import type { Poll, StreamAction } from '../../lib/types';
import type { ActionOf } from './OverlayRoot';
import type { Shown } from './timing';

export const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);
const iso = (ms: number) => new Date(ms).toISOString();

let n = 0;
const nextId = () => `act-${++n}`;

export function quiz(startMs = T0, over: Partial<ActionOf<'quiz'>> = {}): ActionOf<'quiz'> {
  return {
    id: nextId(),
    name: 'quiz',
    data: { question: 'What house is Harry in?', answers: ['Slytherin', 'Gryffindor', 'Hufflepuff'], correctAnswerIndex: 1, duration: 10 },
    startTime: iso(startMs),
    expiry: iso(startMs + 12_000),
    ...over,
  };
}

export function product(startMs = T0, over: Partial<ActionOf<'product'>> = {}): ActionOf<'product'> {
  return {
    id: nextId(),
    name: 'product',
    data: { title: 'Onair mug', price: '$12', imageUrl: 'https://img.example/mug.png', description: 'A mug for your coffee.' },
    startTime: iso(startMs),
    expiry: null,
    ...over,
  };
}

export function amazonProduct(startMs = T0): ActionOf<'amazon_product'> {
  return {
    id: nextId(),
    name: 'amazon_product',
    data: {
      title: 'Headphones',
      price: { displayAmount: '$59.99' },
      productURL: 'https://www.amazon.com/dp/B000TEST',
      images: { large: { url: 'https://img.example/hp.jpg' } },
    },
    startTime: iso(startMs),
    expiry: null,
  };
}

export function notice(startMs = T0): ActionOf<'notice'> {
  return {
    id: nextId(),
    name: 'notice',
    data: { title: 'Heads up', message: 'Giveaway at 8 PM', duration: 15 },
    startTime: iso(startMs),
    expiry: iso(startMs + 15_000),
  };
}

export function celebration(startMs = T0): ActionOf<'celebration'> {
  return { id: nextId(), name: 'celebration', data: { duration: 10 }, startTime: iso(startMs), expiry: iso(startMs + 10_000) };
}

export function pollAction(startMs = T0, over: Partial<Poll> = {}): ActionOf<'poll'> {
  const id = nextId();
  const poll: Poll = {
    id: `poll-${id}`,
    question: 'Best pizza?',
    options: [
      { option: 'Margherita', count: 0 },
      { option: 'Pepperoni', count: 0 },
      { option: 'Hawaiian', count: 0 },
    ],
    duration: 30,
    startTime: iso(startMs),
    endTime: iso(startMs + 30_000),
    totalVotes: 0,
    ended: false,
    myVote: null,
    ...over,
  };
  return {
    id,
    name: 'poll',
    data: { question: poll.question, answers: poll.options.map((o) => o.option), duration: 30 },
    startTime: iso(startMs),
    // As the server sends it: the end of voting.
    expiry: poll.endTime,
    poll,
  };
}

export function shownOf(action: StreamAction, at = T0): Shown {
  return { action, shownAt: at, mediaTimeAtShow: at };
}

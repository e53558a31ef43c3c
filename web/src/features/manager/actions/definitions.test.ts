import { describe, expect, it } from 'vitest';
import type { StreamAction } from '../../../lib/types';
import { activeView, secondsLeft } from './activeView';
import {
  DEFAULTS,
  checkForm,
  clampDuration,
  formFieldErrors,
  isWebUrl,
  lengthErrors,
  normalizeForm,
  removeAnswer,
  toSend,
} from './definitions';
import { applyChannelEvent } from './queries';

const long = (n: number) => 'x'.repeat(n);

describe('checkForm', () => {
  const cases: { name: string; run: () => Record<string, string>; want: Record<string, string> }[] = [
    {
      name: 'quiz at its limits saves and sends',
      run: () =>
        checkForm('quiz', { question: long(256), answers: [long(128), 'b', 'c'], correctAnswerIndex: 0, duration: 15 }, 'send'),
      want: {},
    },
    {
      name: 'quiz one past its limits',
      run: () =>
        checkForm('quiz', { question: long(257), answers: [long(129), 'b', 'c'], correctAnswerIndex: 0, duration: 15 }, 'save'),
      want: { question: 'Maximum length exceeded.', 'answers.0': 'Maximum length exceeded.' },
    },
    {
      name: 'an empty quiz saves (a draft)',
      run: () => checkForm('quiz', DEFAULTS.quiz, 'save'),
      want: {},
    },
    {
      name: 'an empty quiz does not send',
      run: () => checkForm('quiz', DEFAULTS.quiz, 'send'),
      want: {
        question: 'This field is required.',
        'answers.0': 'This field is required.',
        'answers.1': 'This field is required.',
        'answers.2': 'This field is required.',
        correctAnswerIndex: 'Select a correct answer.',
      },
    },
    {
      name: 'quiz duplicates, case and space aside',
      run: () => checkForm('quiz', { question: 'q', answers: ['Paris', ' paris ', 'Rome'], correctAnswerIndex: 2, duration: 15 }, 'send'),
      want: { 'answers.1': 'Enter a unique answer.' },
    },
    {
      name: 'poll duplicates',
      run: () => checkForm('poll', { question: 'q', answers: ['Yes', 'Yes'], duration: 15 }, 'send'),
      want: { 'answers.1': 'Enter a unique option.' },
    },
    {
      name: 'poll option limit is 40',
      run: () => checkForm('poll', { question: 'q', answers: [long(40), long(41)], duration: 15 }, 'save'),
      want: { 'answers.1': 'Maximum length exceeded.' },
    },
    {
      name: 'product limits and a bad address',
      run: () => checkForm('product', { title: long(33), price: long(11), imageUrl: 'not a url', description: long(257) }, 'save'),
      want: {
        title: 'Maximum length exceeded.',
        price: 'Maximum length exceeded.',
        imageUrl: 'Enter a valid URL.',
        description: 'Maximum length exceeded.',
      },
    },
    {
      name: 'product at its limits',
      run: () =>
        checkForm('product', { title: long(32), price: long(10), imageUrl: `https://a.test/${long(241)}`, description: long(256) }, 'send'),
      want: {},
    },
    {
      name: 'notice limits',
      run: () => checkForm('notice', { title: long(25), message: long(257), duration: 15 }, 'save'),
      want: { title: 'Maximum length exceeded.', message: 'Maximum length exceeded.' },
    },
    {
      name: 'length counts code points',
      run: () => checkForm('notice', { title: '🎉'.repeat(24), message: 'm', duration: 15 }, 'send'),
      want: {},
    },
  ];
  for (const c of cases) {
    it(c.name, () => expect(c.run()).toEqual(c.want));
  }

  it('lengthErrors keeps only "Maximum length exceeded."', () => {
    expect(lengthErrors('product', { title: long(33), price: '', imageUrl: 'nope', description: '' })).toEqual({
      title: 'Maximum length exceeded.',
    });
  });
});

describe('helpers', () => {
  it('isWebUrl', () => {
    expect(isWebUrl('https://api.lorem.space/image/shoes?w=1024&h=1024')).toBe(true);
    expect(isWebUrl('http://localhost:8080/a.png')).toBe(true);
    for (const bad of ['', 'my-image.png', 'ftp://a.test/x', 'javascript:alert(1)', 'https://a b.test', 'https://u:p@a.test/']) {
      expect(isWebUrl(bad)).toBe(false);
    }
  });

  it('clampDuration', () => {
    const range = { min: 5, max: 30, initial: 15 };
    expect(clampDuration('3', range)).toBe(5);
    expect(clampDuration('99', range)).toBe(30);
    expect(clampDuration('', range)).toBe(5);
    expect(clampDuration(25, range)).toBe(25);
  });

  it('removeAnswer moves the correct answer with its row', () => {
    const quiz = { question: '', answers: ['a', 'b', 'c', 'd'], correctAnswerIndex: 2, duration: 15 };
    expect(removeAnswer(quiz, 0)).toMatchObject({ answers: ['b', 'c', 'd'], correctAnswerIndex: 1 });
    expect(removeAnswer(quiz, 2)).toMatchObject({ answers: ['a', 'b', 'd'], correctAnswerIndex: -1 });
    expect(removeAnswer(quiz, 3)).toMatchObject({ answers: ['a', 'b', 'c'], correctAnswerIndex: 2 });
    expect(removeAnswer({ question: '', answers: ['a', 'b', 'c'], duration: 15 }, 1)).toEqual({ question: '', answers: ['a', 'c'], duration: 15 });
  });

  it('normalizeForm takes what fits from a saved form', () => {
    expect(normalizeForm('quiz', undefined)).toEqual(DEFAULTS.quiz);
    expect(normalizeForm('quiz', { question: 'Q', answers: ['a', 7, 'c', 'd', 'e', 'f'], correctAnswerIndex: 9, duration: 99 })).toEqual({
      question: 'Q',
      answers: ['a', '', 'c', 'd', 'e'],
      correctAnswerIndex: -1,
      duration: 30,
    });
    expect(normalizeForm('poll', { answers: ['only'] })).toEqual({ question: '', answers: ['only', ''], duration: 15 });
    expect(normalizeForm('product', 'junk')).toEqual(DEFAULTS.product);
  });

  it('toSend trims text and clamps durations', () => {
    expect(toSend('notice', { title: ' Hi ', message: ' there ', duration: 99 })).toEqual({ title: 'Hi', message: 'there', duration: 30 });
  });

  it('formFieldErrors keeps the fields of the form', () => {
    expect(formFieldErrors('quiz', { 'answers.1': 'Enter a unique answer.', data: 'x', question: 'This field is required.' })).toEqual({
      'answers.1': 'Enter a unique answer.',
      question: 'This field is required.',
    });
  });

});

const t0 = Date.parse('2030-01-01T00:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();

function quiz(duration = 15): StreamAction {
  return {
    id: 'a1',
    name: 'quiz',
    data: { question: 'q', answers: ['a', 'b', 'c'], correctAnswerIndex: 0, duration },
    startTime: iso(t0),
    expiry: iso(t0 + (duration + 2) * 1000),
  };
}

function poll(over: Partial<NonNullable<StreamAction['poll']>> = {}): StreamAction {
  const p = {
    id: 'p1',
    question: 'Best?',
    options: [
      { option: 'A', count: 0 },
      { option: 'B', count: 0 },
    ],
    duration: 30,
    startTime: iso(t0),
    endTime: iso(t0 + 30_000),
    totalVotes: 0,
    ended: false,
    myVote: null,
    ...over,
  };
  return { id: 'p1', name: 'poll', data: { question: 'Best?', answers: ['A', 'B'], duration: 30 }, startTime: iso(t0), expiry: p.endTime, poll: p };
}

describe('activeView', () => {
  it('counts a quiz down from the duration the streamer chose', () => {
    expect(activeView(quiz(), t0 + 3200)).toMatchObject({ phase: 'countdown', remainingMs: 11_800, totalMs: 15_000, expired: false });
    expect(secondsLeft(11_800)).toBe('12s');
    expect(activeView(quiz(), t0 + 15_000)).toMatchObject({ expired: true });
    // A clock behind the server's never shows more than the duration.
    expect(activeView(quiz(), t0 - 60_000)?.remainingMs).toBe(15_000);
  });

  it('a product is on until stopped', () => {
    const product: StreamAction = {
      id: 'x',
      name: 'product',
      data: { title: 't', price: '$1', imageUrl: 'https://a.test/i.png', description: 'd' },
      startTime: iso(t0),
      expiry: null,
    };
    expect(activeView(product, t0 + 1e9)).toMatchObject({ phase: 'on', anchor: null, expired: false });
  });

  it('a poll counts down, shows its results, then is dropped if the server never cleared it', () => {
    expect(activeView(poll(), t0 + 10_000)).toMatchObject({ phase: 'countdown', remainingMs: 20_000 });
    expect(activeView(poll({ ended: true, endTime: iso(t0 + 5000) }), t0 + 6000)).toMatchObject({ phase: 'results', expired: false });
    expect(activeView(poll(), t0 + 31_000)).toMatchObject({ phase: 'results' });
    expect(activeView(poll(), t0 + 30_000 + 12_000)).toMatchObject({ expired: true });
  });
});

describe('applyChannelEvent', () => {
  it('takes the server tally of the active poll only', () => {
    const tally = { ...poll().poll!, totalVotes: 3, options: [{ option: 'A', count: 2 }, { option: 'B', count: 1 }] };
    expect(applyChannelEvent(poll(), { type: 'pollVotes', channelId: 'ch1', poll: tally, time: '' })).toMatchObject({ poll: { totalVotes: 3 } });
    const other = { ...tally, id: 'older' };
    const cur = poll();
    expect(applyChannelEvent(cur, { type: 'pollVotes', channelId: 'ch1', poll: other, time: '' })).toBe(cur);
  });

  it('clears on stop and when the stream goes offline', () => {
    expect(applyChannelEvent(quiz(), { type: 'streamAction', channelId: 'ch1', action: null, time: '' })).toBeNull();
    expect(applyChannelEvent(quiz(), { type: 'liveStatus', channelId: 'ch1', isLive: false, time: '' })).toBeNull();
    const q = quiz();
    expect(applyChannelEvent(q, { type: 'liveStatus', channelId: 'ch1', isLive: true, time: '' })).toBe(q);
  });
});

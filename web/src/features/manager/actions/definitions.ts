// The stream actions of the stream manager (spec 7.1, 7.2): their buttons,
// modals, limits, defaults, and the checks a form passes before it is saved
// or sent. Pure: no React, no API.
import type { NoticeData, PollData, ProductData, QuizData, StreamActionName } from '../../../lib/types';

/** Actions edited in a form modal (celebration has none; the Amazon product has its picker). */
export type FormActionName = 'quiz' | 'product' | 'notice' | 'poll';

export interface FormDataMap {
  quiz: QuizData;
  poll: PollData;
  product: ProductData;
  notice: NoticeData;
}

export type FormData = FormDataMap[FormActionName];

/** Field errors by path: "question", "answers.2", "correctAnswerIndex", "imageUrl", ... */
export type FieldErrors = Record<string, string>;

export interface ButtonSpec {
  name: StreamActionName;
  /** test id: stream-manager-<testName>-action-button */
  testName: string;
  inactive: string;
  active: string;
  /** The second line, "a quiz" (none for the poll and the Amazon product). */
  noun?: string;
}

/** The buttons, in the grid's order. */
export const BUTTONS: readonly ButtonSpec[] = [
  { name: 'quiz', testName: 'quiz', inactive: 'Host', active: 'Hosting', noun: 'a quiz' },
  { name: 'celebration', testName: 'celebration', inactive: 'Trigger', active: 'Triggering', noun: 'a celebration' },
  { name: 'notice', testName: 'notice', inactive: 'Show', active: 'Showing', noun: 'a notice' },
  { name: 'poll', testName: 'poll', inactive: 'Host a live poll', active: 'Hosting a live poll' },
  { name: 'product', testName: 'product', inactive: 'Feature', active: 'Featuring', noun: 'a product' },
  { name: 'amazon_product', testName: 'amazon-product', inactive: 'Amazon product', active: 'Amazon product' },
];

export const SHOWING_RESULTS = 'Showing results';

export const MODALS: Record<FormActionName, { title: string; confirm: string }> = {
  quiz: { title: 'Host a quiz', confirm: 'Start quiz' },
  product: { title: 'Feature a product', confirm: 'Show product' },
  notice: { title: 'Show a notice', confirm: 'Show notice' },
  poll: { title: 'Host a poll', confirm: 'Start poll' },
};

export const STARTED: Record<StreamActionName, string> = {
  quiz: 'Host a quiz started',
  celebration: 'Trigger a celebration started',
  notice: 'Show a notice started',
  product: 'Feature a product started',
  poll: 'Host a poll started',
  amazon_product: 'Feature an Amazon product started',
};

export const MESSAGES = {
  tooLong: 'Maximum length exceeded.',
  required: 'This field is required.',
  correct: 'Select a correct answer.',
  uniqueOption: 'Enter a unique option.',
  uniqueAnswer: 'Enter a unique answer.',
  url: 'Enter a valid URL.',
  saved: 'Stream action successfully saved',
  unableToSave: 'Unable to save',
  unableToSend: 'Unable to send',
  unableToStart: 'Unable to start stream action',
  unableToStop: 'Unable to stop stream action',
} as const;

export interface Range {
  min: number;
  max: number;
  initial: number;
}

export const LIMITS = {
  quiz: { question: 256, answer: 128, answers: { min: 3, max: 5 }, duration: { min: 5, max: 30, initial: 15 } },
  poll: { question: 256, answer: 40, answers: { min: 2, max: 5 }, duration: { min: 10, max: 120, initial: 15 } },
  product: { title: 32, price: 10, imageUrl: 256, description: 256 },
  notice: { title: 24, message: 256, duration: { min: 5, max: 30, initial: 15 } },
} as const;

/** A celebration is always 10 s. */
export const CELEBRATION_DURATION = 10;
/** A poll's results stay up this long after it ends (then the server clears it). */
export const POLL_RESULTS_MS = 10_000;
/** Slack after the results before the page clears a poll the server did not. */
export const POLL_CLEAR_GRACE_MS = 2_000;
/** Sends (and stops) closer together than this are dropped (spec 7.3). */
export const SEND_THROTTLE_MS = 100;

export const DEFAULTS: FormDataMap = {
  quiz: { question: '', answers: ['', '', ''], correctAnswerIndex: -1, duration: LIMITS.quiz.duration.initial },
  poll: { question: '', answers: ['', ''], duration: LIMITS.poll.duration.initial },
  product: { title: '', price: '', imageUrl: '', description: '' },
  notice: { title: '', message: '', duration: LIMITS.notice.duration.initial },
};

export function clamp(n: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, n));
}

/** A duration typed in the number box, clamped to its range (not a number: the minimum). */
export function clampDuration(value: number | string, range: Range): number {
  const n = typeof value === 'number' ? value : Number.parseInt(value, 10);
  return Number.isFinite(n) ? clamp(Math.round(n), range.min, range.max) : range.min;
}

/** Length in code points, as the server counts. */
export function textLength(s: string): number {
  return [...s].length;
}

/** An absolute http(s) address a browser reads the same way the server does. */
export function isWebUrl(s: string): boolean {
  if (/[\s\\\u0000-\u001f\u007f]/.test(s)) return false;
  let u: URL;
  try {
    u = new URL(s);
  } catch {
    return false;
  }
  return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname !== '' && !u.username && !u.password;
}

// Saved forms come from the server as any JSON object (they are drafts):
// take what fits, default the rest.
const str = (v: unknown) => (typeof v === 'string' ? v : '');
const num = (v: unknown, range: Range) =>
  typeof v === 'number' && Number.isFinite(v) ? clamp(Math.round(v), range.min, range.max) : range.initial;
const list = (v: unknown, min: number, max: number) => {
  const out = Array.isArray(v) ? v.map(str).slice(0, max) : [];
  while (out.length < min) out.push('');
  return out;
};
const record = (v: unknown): Record<string, unknown> => (typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : {});

/** A saved form (or nothing) as the form's data. */
export function normalizeForm<K extends FormActionName>(name: K, raw: unknown): FormDataMap[K] {
  const r = record(raw);
  switch (name) {
    case 'quiz': {
      const answers = list(r.answers, LIMITS.quiz.answers.min, LIMITS.quiz.answers.max);
      const i = r.correctAnswerIndex;
      const correctAnswerIndex = typeof i === 'number' && Number.isInteger(i) && i >= 0 && i < answers.length ? i : -1;
      const quiz: QuizData = { question: str(r.question), answers, correctAnswerIndex, duration: num(r.duration, LIMITS.quiz.duration) };
      return quiz as FormDataMap[K];
    }
    case 'poll': {
      const poll: PollData = {
        question: str(r.question),
        answers: list(r.answers, LIMITS.poll.answers.min, LIMITS.poll.answers.max),
        duration: num(r.duration, LIMITS.poll.duration),
      };
      return poll as FormDataMap[K];
    }
    case 'product': {
      const product: ProductData = {
        title: str(r.title),
        price: str(r.price),
        imageUrl: str(r.imageUrl),
        description: str(r.description),
      };
      return product as FormDataMap[K];
    }
    default: {
      const notice: NoticeData = { title: str(r.title), message: str(r.message), duration: num(r.duration, LIMITS.notice.duration) };
      return notice as FormDataMap[K];
    }
  }
}

export type CheckMode = 'save' | 'send';

class Checker {
  readonly errors: FieldErrors = {};
  constructor(private readonly mode: CheckMode) {}

  fail(field: string, msg: string) {
    this.errors[field] ??= msg;
  }

  /** A text field: required for sending, never longer than limit. */
  text(field: string, value: string, limit: number) {
    if (this.mode === 'send' && value.trim() === '') this.fail(field, MESSAGES.required);
    else if (textLength(value) > limit) this.fail(field, MESSAGES.tooLong);
  }

  url(field: string, value: string, limit: number) {
    this.text(field, value, limit);
    if (value !== '' && !this.errors[field] && !isWebUrl(value.trim())) this.fail(field, MESSAGES.url);
  }

  /** Answers or options: each a text field; for sending, unique (case and surrounding space aside). */
  answers(values: string[], limit: number, uniqueMessage: string) {
    const seen = new Set<string>();
    values.forEach((v, i) => {
      const field = `answers.${i}`;
      this.text(field, v, limit);
      if (this.mode !== 'send' || v.trim() === '') return;
      const key = v.trim().toLowerCase();
      if (seen.has(key)) this.fail(field, uniqueMessage);
      seen.add(key);
    });
  }
}

/**
 * The form's problems. Saving checks lengths and the image address (a saved
 * form is a draft); sending also wants every field filled, unique answers
 * and, for a quiz, a correct answer.
 */
export function checkForm<K extends FormActionName>(name: K, data: FormDataMap[K], mode: CheckMode): FieldErrors {
  const c = new Checker(mode);
  switch (name) {
    case 'quiz': {
      const q = data as QuizData;
      c.text('question', q.question, LIMITS.quiz.question);
      c.answers(q.answers, LIMITS.quiz.answer, MESSAGES.uniqueAnswer);
      const i = q.correctAnswerIndex;
      if (mode === 'send' && !(Number.isInteger(i) && i >= 0 && i < q.answers.length)) c.fail('correctAnswerIndex', MESSAGES.correct);
      break;
    }
    case 'poll': {
      const p = data as PollData;
      c.text('question', p.question, LIMITS.poll.question);
      c.answers(p.answers, LIMITS.poll.answer, MESSAGES.uniqueOption);
      break;
    }
    case 'product': {
      const p = data as ProductData;
      c.text('title', p.title, LIMITS.product.title);
      c.text('price', p.price, LIMITS.product.price);
      c.url('imageUrl', p.imageUrl, LIMITS.product.imageUrl);
      c.text('description', p.description, LIMITS.product.description);
      break;
    }
    case 'notice': {
      const n = data as NoticeData;
      c.text('title', n.title, LIMITS.notice.title);
      c.text('message', n.message, LIMITS.notice.message);
      break;
    }
  }
  return c.errors;
}

/** Only "Maximum length exceeded." (what is shown while typing). */
export function lengthErrors<K extends FormActionName>(name: K, data: FormDataMap[K]): FieldErrors {
  const all = checkForm(name, data, 'save');
  return Object.fromEntries(Object.entries(all).filter(([, m]) => m === MESSAGES.tooLong));
}

/** The data as sent (and then saved): text trimmed, durations in range. */
export function toSend<K extends FormActionName>(name: K, data: FormDataMap[K]): FormDataMap[K] {
  switch (name) {
    case 'quiz': {
      const q = data as QuizData;
      const quiz: QuizData = {
        question: q.question.trim(),
        answers: q.answers.map((a) => a.trim()),
        correctAnswerIndex: q.correctAnswerIndex,
        duration: clampDuration(q.duration, LIMITS.quiz.duration),
      };
      return quiz as FormDataMap[K];
    }
    case 'poll': {
      const p = data as PollData;
      const poll: PollData = {
        question: p.question.trim(),
        answers: p.answers.map((a) => a.trim()),
        duration: clampDuration(p.duration, LIMITS.poll.duration),
      };
      return poll as FormDataMap[K];
    }
    case 'product': {
      const p = data as ProductData;
      const product: ProductData = {
        title: p.title.trim(),
        price: p.price.trim(),
        imageUrl: p.imageUrl.trim(),
        description: p.description.trim(),
      };
      return product as FormDataMap[K];
    }
    default: {
      const n = data as NoticeData;
      const notice: NoticeData = { title: n.title.trim(), message: n.message.trim(), duration: clampDuration(n.duration, LIMITS.notice.duration) };
      return notice as FormDataMap[K];
    }
  }
}

/** The server's field errors that name a field of the form. */
export function formFieldErrors(name: FormActionName, fields: Record<string, string>): FieldErrors {
  const known = new Set(Object.keys(DEFAULTS[name]));
  return Object.fromEntries(Object.entries(fields).filter(([k]) => known.has(k.split('.')[0]!)));
}

/** Removes answer i; the correct answer follows its row (none when it was the one removed). */
export function removeAnswer<T extends { answers: string[]; correctAnswerIndex?: number }>(data: T, i: number): T {
  const answers = data.answers.filter((_, j) => j !== i);
  if (data.correctAnswerIndex === undefined) return { ...data, answers };
  const c = data.correctAnswerIndex;
  return { ...data, answers, correctAnswerIndex: c === i ? -1 : c > i ? c - 1 : c };
}


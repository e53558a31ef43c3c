// Chat text rules (spec 6): the length limit and how a message's plain text
// is split into text and links. Nothing here produces HTML.
import { isApiError } from '../../lib/api';

/** The server's limit, in code points of the trimmed text. */
export const MAX_MESSAGE_LENGTH = 500;
/** How long the composer stays blocked after "Rate exceeded". */
export const RATE_LIMIT_BLOCK_MS = 2000;

export const MAX_LENGTH_REACHED = 'Max message length reached.';
export const SEND_RATE_EXCEEDED = 'Message could not be sent. Rate exceeded.';
export const SEND_TOO_LONG = 'Message could not be sent. Max message length reached.';
export const SEND_NOT_CONNECTED = 'Message could not be sent. Please wait until chat has connected.';
export const SEND_FAILED = 'Message could not be sent.';

/** The length the server counts: code points of the trimmed text. */
export function messageLength(text: string): number {
  return Array.from(text.trim()).length;
}

export function isTooLong(text: string): boolean {
  return messageLength(text) > MAX_MESSAGE_LENGTH;
}

export type ContentPart = { kind: 'text'; text: string } | { kind: 'link'; text: string; href: string };

const linkish = /www\.|https?:\/\//i;
const scheme = /^https?:\/\//i;

/**
 * Splits a message into text and links: a whitespace-separated token
 * containing "www.", "http://" or "https://" is a link, with "http://"
 * prepended unless it starts with http:// or https://.
 */
export function parseContent(content: string): ContentPart[] {
  const parts: ContentPart[] = [];
  let text = '';
  for (const token of content.split(/(\s+)/)) {
    if (token && !/^\s+$/.test(token) && linkish.test(token)) {
      if (text) parts.push({ kind: 'text', text });
      text = '';
      parts.push({ kind: 'link', text: token, href: scheme.test(token) ? token : `http://${token}` });
    } else {
      text += token;
    }
  }
  if (text) parts.push({ kind: 'text', text });
  return parts;
}

/** What the composer shows for a failed send, and how long it then stays blocked. */
export function sendError(err: unknown): { message: string; blockMs: number } {
  if (isApiError(err)) {
    switch (err.code) {
      case 'ChatRateExceededException':
      case 'ChatRoomRateExceededException':
        return { message: SEND_RATE_EXCEEDED, blockMs: RATE_LIMIT_BLOCK_MS };
      case 'ChatMessageTooLongException':
        return { message: SEND_TOO_LONG, blockMs: 0 };
    }
    if (err.status === 429) return { message: SEND_RATE_EXCEEDED, blockMs: RATE_LIMIT_BLOCK_MS };
  }
  return { message: SEND_FAILED, blockMs: 0 };
}

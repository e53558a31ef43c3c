import { describe, expect, it } from 'vitest';
import { render, screen } from '@testing-library/react';
import { ApiError } from '../../lib/api';
import { ChatContent } from './ChatLine';
import {
  isTooLong,
  messageLength,
  MAX_MESSAGE_LENGTH,
  parseContent,
  RATE_LIMIT_BLOCK_MS,
  SEND_FAILED,
  SEND_RATE_EXCEEDED,
  SEND_TOO_LONG,
  sendError,
} from './content';

describe('parseContent', () => {
  it('keeps plain text as one text part', () => {
    expect(parseContent('hello  world')).toEqual([{ kind: 'text', text: 'hello  world' }]);
  });

  it('turns www., http:// and https:// tokens into links, prepending http:// when missing', () => {
    expect(parseContent('see www.example.com and https://a.b/c?d=1 or http://x.y now')).toEqual([
      { kind: 'text', text: 'see ' },
      { kind: 'link', text: 'www.example.com', href: 'http://www.example.com' },
      { kind: 'text', text: ' and ' },
      { kind: 'link', text: 'https://a.b/c?d=1', href: 'https://a.b/c?d=1' },
      { kind: 'text', text: ' or ' },
      { kind: 'link', text: 'http://x.y', href: 'http://x.y' },
      { kind: 'text', text: ' now' },
    ]);
  });

  it('never links another scheme as is', () => {
    expect(parseContent('javascript:alert(1)//www.x')).toEqual([
      { kind: 'link', text: 'javascript:alert(1)//www.x', href: 'http://javascript:alert(1)//www.x' },
    ]);
    expect(parseContent('example.com')).toEqual([{ kind: 'text', text: 'example.com' }]);
  });
});

describe('ChatContent', () => {
  it('renders HTML as literal text', () => {
    const html = '<img src=x onerror=alert(1)> <b>bold</b>';
    const { container } = render(
      <p data-testid="line">
        <ChatContent content={html} />
      </p>,
    );
    expect(screen.getByTestId('line')).toHaveTextContent(html);
    expect(container.querySelector('img')).toBeNull();
    expect(container.querySelector('b')).toBeNull();
  });

  it('renders links that open in a new tab', () => {
    render(<ChatContent content="go to www.onair.test please" />);
    const link = screen.getByRole('link', { name: 'www.onair.test' });
    expect(link).toHaveAttribute('href', 'http://www.onair.test');
    expect(link).toHaveAttribute('target', '_blank');
    expect(link.getAttribute('rel')).toContain('noopener');
  });
});

describe('length rule', () => {
  it('counts code points of the trimmed text, at most 500', () => {
    expect(MAX_MESSAGE_LENGTH).toBe(500);
    expect(messageLength('  abc  ')).toBe(3);
    expect(messageLength('😀😀')).toBe(2);
    expect(isTooLong('a'.repeat(500))).toBe(false);
    expect(isTooLong(` ${'a'.repeat(500)} `)).toBe(false);
    expect(isTooLong('a'.repeat(501))).toBe(true);
    expect(isTooLong('😀'.repeat(500))).toBe(false);
    expect(isTooLong('😀'.repeat(501))).toBe(true);
  });
});

describe('sendError', () => {
  it('maps the server codes to the spec strings', () => {
    expect(sendError(new ApiError(429, 'ChatRateExceededException', 'x'))).toEqual({ message: SEND_RATE_EXCEEDED, blockMs: RATE_LIMIT_BLOCK_MS });
    expect(sendError(new ApiError(429, 'ChatRoomRateExceededException', 'x'))).toEqual({ message: SEND_RATE_EXCEEDED, blockMs: 2000 });
    expect(sendError(new ApiError(400, 'ChatMessageTooLongException', 'x'))).toEqual({ message: SEND_TOO_LONG, blockMs: 0 });
    expect(sendError(new Error('boom'))).toEqual({ message: SEND_FAILED, blockMs: 0 });
  });
});

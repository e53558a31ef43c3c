import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, fireEvent, render, screen } from '@testing-library/react';
import { ApiError } from '../../lib/api';
import { ChatComposer } from './ChatComposer';

afterEach(() => {
  vi.useRealTimers();
});

function setup(mode: 'ready' | 'connecting' | 'guest' | 'banned' | 'disabled' = 'ready', onSend = vi.fn(async () => {})) {
  const onGuest = vi.fn();
  render(<ChatComposer mode={mode} onSend={onSend} onGuest={onGuest} />);
  return { onSend, onGuest };
}

const input = () => screen.getByPlaceholderText('Say something');
const type = (value: string) => fireEvent.change(input(), { target: { value } });
const submit = async () => {
  await act(async () => {
    fireEvent.submit(input().closest('form')!);
  });
};

describe('ChatComposer', () => {
  it('sends the trimmed text and clears the field', async () => {
    const { onSend } = setup();
    type('  hello  ');
    await submit();
    expect(onSend).toHaveBeenCalledWith('hello');
    expect(input()).toHaveValue('');
  });

  it('shows "Max message length reached." past 500 characters and does not send', async () => {
    const { onSend } = setup();
    type('a'.repeat(500));
    expect(screen.queryByRole('alert')).toBeNull();
    type('a'.repeat(501));
    expect(screen.getByRole('alert')).toHaveTextContent('Max message length reached.');
    expect(input()).toHaveAttribute('aria-invalid', 'true');
    await submit();
    expect(onSend).not.toHaveBeenCalled();
    type('a'.repeat(10));
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('blocks for 2000 ms after "Rate exceeded"', async () => {
    vi.useFakeTimers();
    const onSend = vi.fn(async () => {
      throw new ApiError(429, 'ChatRateExceededException', 'Message could not be sent. Rate exceeded.');
    });
    setup('ready', onSend);
    type('one');
    await submit();
    expect(screen.getByRole('alert')).toHaveTextContent('Message could not be sent. Rate exceeded.');
    expect(input()).toHaveAttribute('readonly');
    expect(input()).toHaveValue('one');

    // Blocked: another submit does not send.
    await submit();
    expect(onSend).toHaveBeenCalledTimes(1);

    act(() => vi.advanceTimersByTime(1999));
    expect(input()).toHaveAttribute('readonly');
    act(() => vi.advanceTimersByTime(1));
    expect(input()).not.toHaveAttribute('readonly');
    await submit();
    expect(onSend).toHaveBeenCalledTimes(2);
  });

  it('says "Max message length reached." when the server refuses the length', async () => {
    setup('ready', vi.fn(async () => {
      throw new ApiError(400, 'ChatMessageTooLongException', 'too long');
    }));
    type('x');
    await submit();
    expect(screen.getByRole('alert')).toHaveTextContent('Message could not be sent. Max message length reached.');
    expect(input()).not.toHaveAttribute('readonly');
  });

  it('asks to wait while chat is connecting', async () => {
    const { onSend } = setup('connecting');
    type('early');
    await submit();
    expect(onSend).not.toHaveBeenCalled();
    expect(screen.getByRole('alert')).toHaveTextContent('Message could not be sent. Please wait until chat has connected.');
  });

  it('sends a signed-out user to sign in on typing or submitting', async () => {
    const { onGuest, onSend } = setup('guest');
    type('h');
    expect(onGuest).toHaveBeenCalledTimes(1);
    expect(input()).toHaveValue('');
    await submit();
    expect(onGuest).toHaveBeenCalledTimes(2);
    expect(onSend).not.toHaveBeenCalled();
  });

  it('is locked when banned, disabled when chat failed', () => {
    setup('banned');
    const banned = screen.getByPlaceholderText('You are banned from this channel');
    expect(banned).toBeDisabled();
    expect(banned).toHaveAttribute('readonly');
    expect(screen.queryByPlaceholderText('Say something')).toBeNull();
  });

  it('says "Chat disabled" after chat failed to load', () => {
    setup('disabled');
    expect(screen.getByPlaceholderText('Chat disabled')).toBeDisabled();
  });
});

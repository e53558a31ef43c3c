import { describe, expect, it } from 'vitest';
import { ApiError } from '../../lib/api';
import { resendErrorMessage, signInErrorMessage } from './messages';

const err = (code: string, message = 'server text') => new ApiError(400, code, message);

describe('signInErrorMessage', () => {
  it.each([
    ['NotAuthorizedException', 'Incorrect username or password'],
    ['UserNotFoundException', 'Incorrect username or password'],
    ['LimitExceededException', 'Attempt limit exceeded, please try again later'],
    ['UserNotConfirmedException', 'server text'],
    ['UnexpectedException', 'An unexpected error occurred, please try again later'],
  ])('%s -> %s', (code, expected) => {
    expect(signInErrorMessage(err(code))).toBe(expected);
  });

  it('covers errors that are not API errors', () => {
    expect(signInErrorMessage(new TypeError('x'))).toBe('An unexpected error occurred, please try again later');
  });
});

describe('resendErrorMessage', () => {
  it('explains the hourly limit', () => {
    expect(resendErrorMessage(err('LimitExceededException'))).toBe('Limit has been exceeded. Please try again in one hour.');
  });
  it('falls back to a generic failure', () => {
    expect(resendErrorMessage(err('UnexpectedException'))).toBe('Verification email failed to resend. Please try again.');
  });
});

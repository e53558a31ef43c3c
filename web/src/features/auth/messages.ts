// User-facing copy for account errors (spec 2.5, 2.7).
import { isApiError } from '../../lib/api';

export const UNEXPECTED = 'An unexpected error occurred, please try again later';

/** The toast shown when signing in fails. */
export function signInErrorMessage(err: unknown): string {
  if (!isApiError(err)) return UNEXPECTED;
  switch (err.code) {
    case 'NotAuthorizedException':
    case 'UserNotFoundException':
      return 'Incorrect username or password';
    case 'LimitExceededException':
    case 'PasswordAttemptsExceeded':
      return 'Attempt limit exceeded, please try again later';
    case 'UserNotConfirmedException':
      return err.message;
    default:
      return UNEXPECTED;
  }
}

/** The toast shown when resending a verification email fails. */
export function resendErrorMessage(err: unknown): string {
  if (isApiError(err) && err.code === 'LimitExceededException') {
    return 'Limit has been exceeded. Please try again in one hour.';
  }
  return 'Verification email failed to resend. Please try again.';
}

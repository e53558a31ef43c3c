// Client-side input rules (spec section 5). Each check returns the message to
// show under the field, or undefined when the value is acceptable.

export const messages = {
  username: 'Use 4 to 20 characters with a mix of letters, numbers & symbols.',
  email: 'Enter a valid email.',
  passwordLength: 'Use 8 characters or more.',
  passwordMix: 'Use at least 1 uppercase & lowercase letter, number, and symbol.',
  passwordBoth: 'Use 8 or more characters with a mix of uppercase & lowercase letters, numbers & symbols.',
  passwordMismatch: "Passwords didn't match. Try again.",
  passwordSame: 'Your new password cannot be the same as your old password.',
} as const;

export const passwordDescription =
  'Use 8 or more characters with a mix of uppercase & lowercase letters, numbers & symbols.';

const usernamePattern = /^[a-z0-9._]+$/i;
// A standard address: something@domain.tld, no spaces.
const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
// At least 8 consecutive non-whitespace characters (unanchored, as in the original).
const lengthPattern = /\S{8,256}/;
// The spec's symbol list, plus "=" and "\" which the server's policy also accepts.
const symbolPattern = /[\^$*.[\]{}()?\-+"!@#%&/,><':;|_~`=\\]/;

export function validateUsername(value: string): string | undefined {
  const v = value.trim();
  if (v.length < 4 || v.length > 20 || !usernamePattern.test(v)) return messages.username;
  return undefined;
}

export function validateEmail(value: string): string | undefined {
  return emailPattern.test(value.trim()) ? undefined : messages.email;
}

export function validatePassword(value: string): string | undefined {
  const long = lengthPattern.test(value);
  const mixed = /[a-z]/.test(value) && /[A-Z]/.test(value) && /\d/.test(value) && symbolPattern.test(value);
  if (!long && !mixed) return messages.passwordBoth;
  if (!long) return messages.passwordLength;
  if (!mixed) return messages.passwordMix;
  return undefined;
}

export function validateConfirmation(password: string, confirmation: string): string | undefined {
  return password === confirmation ? undefined : messages.passwordMismatch;
}

/** A new password: differs from the current one, then the strength rules. */
export function validateNewPassword(current: string, next: string): string | undefined {
  if (current !== '' && current === next) return messages.passwordSame;
  return validatePassword(next);
}

import { describe, expect, it } from 'vitest';
import {
  messages,
  validateConfirmation,
  validateEmail,
  validateNewPassword,
  validatePassword,
  validateUsername,
} from './validation';

describe('spec 5 copy', () => {
  it('matches the spec word for word', () => {
    expect(messages).toEqual({
      username: 'Use 4 to 20 characters with a mix of letters, numbers & symbols.',
      email: 'Enter a valid email.',
      passwordLength: 'Use 8 characters or more.',
      passwordMix: 'Use at least 1 uppercase & lowercase letter, number, and symbol.',
      passwordBoth: 'Use 8 or more characters with a mix of uppercase & lowercase letters, numbers & symbols.',
      passwordMismatch: "Passwords didn't match. Try again.",
      passwordSame: 'Your new password cannot be the same as your old password.',
    });
  });
});

describe('validateUsername', () => {
  it.each([
    ['abcd', undefined],
    ['a'.repeat(20), undefined],
    ['John.Doe_99', undefined],
    ['  alice  ', undefined],
    ['abc', messages.username],
    ['a'.repeat(21), messages.username],
    ['has space', messages.username],
    ['dash-name', messages.username],
    ['émile', messages.username],
    ['', messages.username],
  ])('%j -> %s', (input, expected) => {
    expect(validateUsername(input)).toBe(expected);
  });
});

describe('validateEmail', () => {
  it.each([
    ['user@example.com', undefined],
    ['first.last+tag@sub.example.co', undefined],
    ['user@example', messages.email],
    ['user.example.com', messages.email],
    ['us er@example.com', messages.email],
    ['', messages.email],
  ])('%j -> %s', (input, expected) => {
    expect(validateEmail(input)).toBe(expected);
  });
});

describe('validatePassword', () => {
  it.each([
    ['Passw0rd!', undefined],
    ['Aa1^aaaa', undefined],
    ['Aa1=aaaa', undefined],
    ['Aa1!', messages.passwordLength],
    ['Aa1! Bb2@', messages.passwordLength],
    ['password', messages.passwordMix],
    ['PASSWORD1!', messages.passwordMix],
    ['Password!', messages.passwordMix],
    ['Password1', messages.passwordMix],
    ['abc', messages.passwordBoth],
    ['', messages.passwordBoth],
  ])('%j -> %s', (input, expected) => {
    expect(validatePassword(input)).toBe(expected);
  });
});

describe('validateConfirmation', () => {
  it('accepts an identical confirmation', () => {
    expect(validateConfirmation('Passw0rd!', 'Passw0rd!')).toBeUndefined();
  });
  it('rejects a different one', () => {
    expect(validateConfirmation('Passw0rd!', 'Passw0rd?')).toBe(messages.passwordMismatch);
  });
});

describe('validateNewPassword', () => {
  it('rejects the current password', () => {
    expect(validateNewPassword('Passw0rd!', 'Passw0rd!')).toBe(messages.passwordSame);
  });
  it('applies the strength rules to a different one', () => {
    expect(validateNewPassword('Passw0rd!', 'weak')).toBe(messages.passwordBoth);
    expect(validateNewPassword('Passw0rd!', 'N3w-Passw0rd')).toBeUndefined();
  });
});

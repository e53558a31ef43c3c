import { describe, expect, it } from 'vitest';
import { rememberFollow, takePendingFollow } from './followAfterLogin';

const KEY = 'onair.followAfterLogin';

describe('followAfterLogin', () => {
  it('remembers the channel per tab, in sessionStorage', () => {
    rememberFollow('Bob');
    expect(sessionStorage.getItem(KEY)).toBe('Bob');
    expect(localStorage.getItem(KEY)).toBeNull();
  });

  it('a later signed-out click replaces the remembered channel', () => {
    rememberFollow('bob');
    rememberFollow('carol');
    expect(sessionStorage.getItem(KEY)).toBe('carol');
  });

  it('takes the pending follow for the same channel, case-insensitively, and clears it', () => {
    rememberFollow('Bob');
    expect(takePendingFollow('bOB')).toBe(true);
    expect(sessionStorage.getItem(KEY)).toBeNull();
    expect(takePendingFollow('bob')).toBe(false);
  });

  it('leaves a pending follow for a different channel alone', () => {
    rememberFollow('bob');
    expect(takePendingFollow('carol')).toBe(false);
    expect(sessionStorage.getItem(KEY)).toBe('bob');
    expect(takePendingFollow('bob')).toBe(true);
  });

  it('does not match a prefix of the remembered name', () => {
    rememberFollow('bobby');
    expect(takePendingFollow('bob')).toBe(false);
    expect(sessionStorage.getItem(KEY)).toBe('bobby');
  });

  it('nothing is pending when nothing was remembered', () => {
    expect(takePendingFollow('bob')).toBe(false);
  });

  it('uses the storage it is given', () => {
    const store = new Map<string, string>();
    const storage = {
      getItem: (k: string) => store.get(k) ?? null,
      setItem: (k: string, v: string) => void store.set(k, v),
      removeItem: (k: string) => void store.delete(k),
    } as Storage;
    rememberFollow('bob', storage);
    expect(sessionStorage.getItem(KEY)).toBeNull();
    expect(store.get(KEY)).toBe('bob');
    expect(takePendingFollow('BOB', storage)).toBe(true);
    expect(store.has(KEY)).toBe(false);
  });

  it('survives storage that throws', () => {
    const broken = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('quota');
      },
      removeItem: () => {
        throw new Error('denied');
      },
    } as unknown as Storage;
    expect(() => rememberFollow('bob', broken)).not.toThrow();
    expect(takePendingFollow('bob', broken)).toBe(false);
  });
});

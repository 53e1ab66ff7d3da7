// Checks of the caller's arguments. These are programming errors, so they throw an XsrfError (a
// TypeError) with a stable `code`; nothing here ever looks at the token. Messages name the
// argument and the expected type but never echo a value (a key or a user id could be sensitive).

import { Buffer } from 'node:buffer';
import { XsrfError } from '../errors.js';

// String.prototype.isWellFormed exists on Node >= 20 but is not in the ES2023 lib typings.
function isWellFormed(s: string): boolean {
  return (s as string & { isWellFormed(): boolean }).isWellFormed();
}

/**
 * UTF-8 bytes of a string argument. Lone surrogates are refused: UTF-8 cannot carry them, and
 * replacing them with U+FFFD (what `Buffer.from` does) would make different strings sign alike.
 */
export function utf8(value: string, name: string): Buffer {
  if (!isWellFormed(value)) {
    throw new XsrfError(
      'xsrf_invalid_argument',
      `${name} contains a lone UTF-16 surrogate; pass well-formed Unicode text.`,
    );
  }
  return Buffer.from(value, 'utf8');
}

/** Key bytes: a string is taken as UTF-8, like oauth2client; a Buffer/Uint8Array as is. */
export function keyBytes(key: unknown): Buffer {
  if (typeof key === 'string') return utf8(key, 'The XSRF key');
  if (key instanceof Uint8Array) return Buffer.from(key.buffer, key.byteOffset, key.byteLength);
  throw new XsrfError(
    'xsrf_invalid_argument',
    `The XSRF key must be a string, Buffer or Uint8Array (got ${describe(key)}).`,
  );
}

/**
 * Bytes of a user id. Integers are written in decimal, as Python's `str(int)` does, so `123` and
 * `'123'` are the same user (in both modes, as in oauth2client).
 */
export function userIdBytes(userId: unknown): Buffer {
  if (typeof userId === 'string') return utf8(userId, 'userId');
  if (typeof userId === 'bigint') return Buffer.from(userId.toString(10), 'latin1');
  if (typeof userId === 'number' && Number.isSafeInteger(userId)) {
    return Buffer.from(String(userId), 'latin1');
  }
  throw new XsrfError(
    'xsrf_invalid_argument',
    `userId must be a string, a safe integer or a bigint (got ${describe(userId)}). ` +
      'Pass the id of the signed-in user (or a session id); never undefined.',
  );
}

export function actionIdBytes(actionId: unknown): Buffer {
  if (typeof actionId === 'string') return utf8(actionId, 'actionId');
  throw new XsrfError(
    'xsrf_invalid_argument',
    `actionId must be a string (got ${describe(actionId)}).`,
  );
}

/** `when` in whole epoch seconds; `undefined` means now. */
export function tokenTime(when: unknown): number {
  if (when === undefined) return Math.floor(Date.now() / 1000);
  const seconds = when instanceof Date ? Math.floor(when.getTime() / 1000) : when;
  if (typeof seconds === 'number' && Number.isSafeInteger(seconds) && seconds >= 0) return seconds;
  throw new XsrfError(
    'xsrf_invalid_argument',
    'options.when must be a valid Date or a non-negative integer number of epoch seconds.',
  );
}

/** `now` in epoch seconds (fractions kept, like Python's `time.time()`); `undefined` means now. */
export function currentTime(now: unknown): number {
  if (now === undefined) return Date.now() / 1000;
  const seconds = now instanceof Date ? now.getTime() / 1000 : now;
  if (typeof seconds === 'number' && Number.isFinite(seconds)) return seconds;
  throw new XsrfError(
    'xsrf_invalid_argument',
    'options.now must be a valid Date or a finite number of epoch seconds.',
  );
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'number')
    return Number.isInteger(value) ? 'an unsafe integer' : 'a non-integer number';
  if (typeof value === 'object') return value.constructor?.name ?? 'object';
  return typeof value;
}

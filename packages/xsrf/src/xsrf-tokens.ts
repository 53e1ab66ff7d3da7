import { Buffer } from 'node:buffer';
// The default import (Node's crypto module object) rather than named imports: calls go through
// the object at call time, so a test can spy on crypto.timingSafeEqual to prove it is used.
import crypto, { type KeyObject } from 'node:crypto';
import { XsrfError } from './errors.js';
import {
  actionIdBytes,
  currentTime,
  keyBytes,
  tokenTime,
  userIdBytes,
} from './internal/arguments.js';
import {
  defaultLayout,
  encodeToken,
  oauth2clientLayout,
  readTokenTime,
  type TokenLayout,
} from './internal/encoding.js';

/** How long a token stays valid, in seconds (oauth2client's `DEFAULT_TIMEOUT_SECS`). */
export const DEFAULT_TIMEOUT_SECS = 3600;

/** Shortest key the default mode accepts, in bytes. */
export const MIN_KEY_BYTES = 32;

/** Tokens dated further than this into the future are invalid (the original accepted them). */
const FUTURE_SKEW_SECS = 60;

/**
 * Token format. `'default'`: HMAC-SHA256 over length-prefixed fields, key of at least 32 bytes.
 * `'oauth2client'`: bit-for-bit `oauth2client.contrib.xsrfutil` (HMAC-MD5 over
 * `user:action:time`), any key; use it only to exchange tokens with the Python original.
 */
export type XsrfMode = 'default' | 'oauth2client';

/** A secret key: a string (taken as UTF-8), a `Buffer` or a `Uint8Array`. */
export type XsrfKey = string | Uint8Array;

/**
 * Who the token is for: a string, or an integer (a safe-integer `number` or a `bigint`) that is
 * signed as its decimal string, like Python's `str(user_id)`; `123` and `'123'` are the same user.
 */
export type XsrfUserId = string | number | bigint;

/** Options of {@link XsrfTokens}. */
export interface XsrfTokensOptions {
  /** Token format; default `'default'`. */
  mode?: XsrfMode;
  /** Maximum token age in seconds accepted by `validate`; default 3600. A token exactly this old is valid. */
  timeoutSecs?: number;
}

/** Options of {@link XsrfTokens.generate}. */
export interface XsrfGenerateOptions {
  /** Issue time written into the token (`Date` or epoch seconds); default now. For tests. */
  when?: Date | number;
}

/** Options of {@link XsrfTokens.validate}. */
export interface XsrfValidateOptions {
  /** The current time (`Date` or epoch seconds); default now. For tests. */
  now?: Date | number;
}

/**
 * Issues and checks XSRF tokens bound to a user, an action and a time, under one secret key.
 * Create one at start-up: the key is checked here, so a weak key fails at boot, not on the first
 * request. The key is held as a `KeyObject` in a private field and never appears in
 * `util.inspect`, `JSON.stringify` or an error.
 *
 * @throws {XsrfError} `code: 'xsrf_key_too_short'` when the default mode gets a key shorter than
 *   32 bytes; `code: 'xsrf_invalid_argument'` for a key that is not a string/Buffer/Uint8Array,
 *   an unknown `mode` or a negative/non-finite `timeoutSecs`.
 * @example
 * import { randomBytes } from 'node:crypto';
 * const xsrf = new XsrfTokens(randomBytes(32));
 * const token = xsrf.generate('user-42', 'delete-account');
 * xsrf.validate(token, 'user-42', 'delete-account'); // true
 * xsrf.validate(token, 'user-43', 'delete-account'); // false
 */
export class XsrfTokens {
  /** The token format. */
  readonly mode: XsrfMode;
  /** Maximum token age in seconds. */
  readonly timeoutSecs: number;
  readonly #key: KeyObject;
  readonly #layout: TokenLayout;

  constructor(key: XsrfKey, options: XsrfTokensOptions = {}) {
    const { mode = 'default', timeoutSecs = DEFAULT_TIMEOUT_SECS } = options;
    if (mode !== 'default' && mode !== 'oauth2client') {
      throw new XsrfError(
        'xsrf_invalid_argument',
        "options.mode must be 'default' or 'oauth2client'.",
      );
    }
    if (typeof timeoutSecs !== 'number' || !Number.isFinite(timeoutSecs) || timeoutSecs < 0) {
      throw new XsrfError(
        'xsrf_invalid_argument',
        'options.timeoutSecs must be a finite, non-negative number of seconds.',
      );
    }
    const bytes = keyBytes(key);
    if (mode === 'default' && bytes.length < MIN_KEY_BYTES) {
      throw new XsrfError(
        'xsrf_key_too_short',
        `The XSRF key has ${bytes.length} bytes; the default mode needs at least ${MIN_KEY_BYTES}. ` +
          'Use a random secret such as crypto.randomBytes(32), kept stable across restarts, ' +
          "or pass { mode: 'oauth2client' } to keep using a key shared with oauth2client.",
      );
    }
    this.mode = mode;
    this.timeoutSecs = timeoutSecs;
    this.#key = crypto.createSecretKey(bytes);
    this.#layout = mode === 'default' ? defaultLayout : oauth2clientLayout;
  }

  /**
   * Issue a URL-safe token authorizing `userId` to perform `actionId` (port of `generate_token`).
   * The token is urlsafe base64 with `=` padding: safe in form fields, headers and cookies.
   *
   * @param userId - the signed-in user (or a session id).
   * @param actionId - what the token authorizes, e.g. a form's path; default `''`.
   * @throws {XsrfError} `code: 'xsrf_invalid_argument'` for a user id that is not a string/safe
   *   integer/bigint, a non-string action, a string with a lone surrogate, or a bad `when`.
   * @example
   * const token = xsrf.generate(req.session.userId, '/settings');
   */
  generate(userId: XsrfUserId, actionId = '', options: XsrfGenerateOptions = {}): string {
    const user = userIdBytes(userId);
    const action = actionIdBytes(actionId);
    const time = Buffer.from(String(tokenTime(options.when)), 'latin1');
    return this.#sign(user, action, time);
  }

  /**
   * Whether `token` was issued by this key for `userId` and `actionId`, is at most
   * `timeoutSecs` old and not dated more than 60 s ahead (port of `validate_token`).
   * Returns `false`, never throws, for anything wrong with the token: a non-string, empty,
   * oversized (rejected before decoding), truncated, extended, altered or foreign token. The
   * final comparison runs in constant time with `crypto.timingSafeEqual`.
   *
   * @throws {XsrfError} `code: 'xsrf_invalid_argument'` for a bad `userId`, `actionId` or `now`
   *   (programming errors, never caused by the token).
   * @example
   * if (!xsrf.validate(req.body.xsrf, req.session.userId, '/settings')) res.sendStatus(403);
   */
  validate(
    token: unknown,
    userId: XsrfUserId,
    actionId = '',
    options: XsrfValidateOptions = {},
  ): boolean {
    const user = userIdBytes(userId);
    const action = actionIdBytes(actionId);
    const now = currentTime(options.now);
    if (typeof token !== 'string') return false;
    const issuedAt = readTokenTime(token, this.#layout);
    if (issuedAt === undefined) return false;
    if (now - issuedAt > this.timeoutSecs || issuedAt - now > FUTURE_SKEW_SECS) return false;
    const expected = Buffer.from(
      this.#sign(user, action, Buffer.from(String(issuedAt), 'latin1')),
      'latin1',
    );
    // readTokenTime admitted only [A-Za-z0-9_=-], so latin1 maps each character to one byte.
    const actual = Buffer.from(token, 'latin1');
    // Like the original, compare the encoded strings; the length is not secret.
    return actual.length === expected.length && crypto.timingSafeEqual(actual, expected);
  }

  #sign(user: Buffer, action: Buffer, time: Buffer): string {
    const digest = crypto
      .createHmac(this.#layout.hash, this.#key)
      .update(this.#layout.message(user, action, time))
      .digest();
    return encodeToken(digest, time);
  }
}

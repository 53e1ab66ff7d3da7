/**
 * The one error @oauth2/xsrf throws. A bad **token** never throws (validation returns `false`);
 * this is for programming and configuration mistakes: a short key, a wrong argument type.
 *
 * @module
 */

/** Stable codes of {@link XsrfError}. Switch on them. */
export type XsrfErrorCode =
  /** Default mode and a key under 32 bytes. */
  | 'xsrf_key_too_short'
  /** A key, mode, timeout, user id, action id or time of the wrong type or range. */
  | 'xsrf_invalid_argument';

/**
 * A bad key or argument. It extends `TypeError` (these are programming errors, as in jose) and
 * carries a stable `code`; the message names the argument, never its value.
 *
 * @example
 * try {
 *   new XsrfTokens(shortKey);
 * } catch (err) {
 *   if (err instanceof XsrfError && err.code === 'xsrf_key_too_short') useLongerKey();
 *   else throw err;
 * }
 */
export class XsrfError extends TypeError {
  readonly code: XsrfErrorCode;
  constructor(code: XsrfErrorCode, message: string) {
    super(message);
    this.name = 'XsrfError';
    this.code = code;
  }
}

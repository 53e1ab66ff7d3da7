import {
  type XsrfGenerateOptions,
  type XsrfKey,
  type XsrfMode,
  XsrfTokens,
  type XsrfUserId,
} from './xsrf-tokens.js';

/** Options of {@link generateToken}. */
export interface GenerateTokenOptions extends XsrfGenerateOptions {
  /** Token format; default `'default'`. */
  mode?: XsrfMode;
}

/**
 * Issue an XSRF token for `userId` and `actionId` under `key`: the one-shot form of
 * {@link XsrfTokens.generate}, with the argument order of oauth2client's `generate_token`.
 * In an application, prefer one `XsrfTokens` created at start-up.
 *
 * @throws {XsrfError} `code: 'xsrf_key_too_short'` for a key under 32 bytes in the default mode;
 *   `code: 'xsrf_invalid_argument'` for a bad key, user id, action id, `when` or `mode`.
 * @example
 * const token = generateToken(key, 123832983, 'some_action', { mode: 'oauth2client' });
 */
export function generateToken(
  key: XsrfKey,
  userId: XsrfUserId,
  actionId = '',
  options: GenerateTokenOptions = {},
): string {
  const { mode, ...generateOptions } = options;
  return new XsrfTokens(key, mode === undefined ? {} : { mode }).generate(
    userId,
    actionId,
    generateOptions,
  );
}

import {
  type XsrfKey,
  XsrfTokens,
  type XsrfTokensOptions,
  type XsrfUserId,
  type XsrfValidateOptions,
} from './xsrf-tokens.js';

/** Options of {@link validateToken}. */
export interface ValidateTokenOptions extends XsrfValidateOptions, XsrfTokensOptions {}

/**
 * Whether `token` authorizes `userId` for `actionId` under `key`: the one-shot form of
 * {@link XsrfTokens.validate}, with the argument order of oauth2client's `validate_token`.
 * Returns `false`, never throws, for anything wrong with the token.
 *
 * @throws {XsrfError} for a bad key (`code: 'xsrf_key_too_short'` under 32 bytes in the default
 *   mode) or a bad user id, action id or option (`code: 'xsrf_invalid_argument'`); never for the token.
 * @example
 * if (!validateToken(key, req.body.xsrf, req.session.userId, '/settings')) res.sendStatus(403);
 */
export function validateToken(
  key: XsrfKey,
  token: unknown,
  userId: XsrfUserId,
  actionId = '',
  options: ValidateTokenOptions = {},
): boolean {
  const { now, ...tokensOptions } = options;
  return new XsrfTokens(key, tokensOptions).validate(
    token,
    userId,
    actionId,
    now === undefined ? {} : { now },
  );
}

import { TokenResponseError } from '../errors.js';
import type { TokenResponse } from '../wire/token-response.js';

/** Largest accepted `expires_in`: about 68 years, as the token-response parser bounds it. */
export const MAX_EXPIRES_IN_SECONDS = 2 ** 31 - 1;

/**
 * Bound the lifetime of a token however it was obtained (token endpoint, metadata server,
 * devshell, self-signed): `expires_in` must lie in [1, 2^31 - 1] seconds and is floored, so no
 * source can produce an Invalid Date (a token that never refreshes) or an already-expired token
 * (one that refreshes on every call).
 *
 * @throws {TokenResponseError} `field: 'expires_in'` when out of range; nothing is applied.
 */
export function boundedLifetime(response: TokenResponse): TokenResponse {
  const seconds = response.expiresIn;
  if (seconds === undefined) return response;
  if (!Number.isFinite(seconds) || seconds < 1 || seconds > MAX_EXPIRES_IN_SECONDS) {
    throw new TokenResponseError(
      `The token's expires_in must be a number of seconds between 1 and ${MAX_EXPIRES_IN_SECONDS}; the token was not used.`,
      { field: 'expires_in' },
    );
  }
  return { ...response, expiresIn: Math.floor(seconds) };
}

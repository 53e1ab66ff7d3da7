/** The statuses another attempt may cure: request timeout, rate limit, server trouble. */
const RETRYABLE_BELOW_500: ReadonlySet<number> = new Set([408, 429]);

/**
 * Whether an HTTP status is worth another attempt: 408 (request timeout), 429 (rate limit) and
 * every 5xx. The one definition every package uses for `retryable` (token endpoints, revocation,
 * certificates, the metadata server, the device-flow poll).
 *
 * @example
 * if (isRetryableStatus(res.status)) throw new MyError('try again later', { retryable: true });
 */
export function isRetryableStatus(status: number): boolean {
  return status >= 500 || RETRYABLE_BELOW_500.has(status);
}

import { EXIT, LoginNeededError, UsageError } from './io.js';

/**
 * The exit code for an error, read from its shape so that no error class needs loading:
 * 2 usage, 4 login needed (no credential, `invalid_grant`, a credential marked invalid),
 * 5 network or server unavailable (connection failures, timeouts, 5xx, `retryable`),
 * 130 interrupted, else 1.
 */
export function exitCodeFor(err: unknown, signal?: AbortSignal): number {
  if (signal?.aborted) return EXIT.interrupted;
  if (err instanceof UsageError) return EXIT.usage;
  if (err instanceof LoginNeededError) return EXIT.loginNeeded;
  const e = (err ?? {}) as {
    code?: unknown;
    error?: unknown;
    status?: unknown;
    retryable?: unknown;
    name?: unknown;
  };
  if (e.name === 'AbortError' || e.code === 'aborted') return EXIT.interrupted;
  if (e.code === 'invalid_grant' || e.error === 'invalid_grant') return EXIT.loginNeeded;
  if (e.code === 'network_error' || e.code === 'timeout' || e.retryable === true)
    return EXIT.unavailable;
  if (typeof e.status === 'number' && e.status >= 500) return EXIT.unavailable;
  return EXIT.failure;
}

import { TimeoutError } from '../errors.js';
import type { Clock } from './clock.js';

/** How an operation retries. */
export interface RetryPolicy {
  /** Attempts in all, the first included (default 4). */
  maxAttempts?: number;
  /** First back-off delay in ms (default 1 000). */
  baseDelayMs?: number;
  /** Multiplier per retry (default 2). */
  factor?: number;
  /** Relative jitter, e.g. 0.2 for ±20 % (default 0.2). */
  jitter?: number;
  /** Whole-operation budget in ms, sleeps included (default 30 000). */
  deadlineMs?: number;
}

/** Options for {@link withRetries}. */
export interface WithRetriesOptions extends RetryPolicy {
  clock: Clock;
  signal?: AbortSignal | undefined;
  /** Whether an error may succeed on another attempt. */
  isRetryable: (err: unknown) => boolean;
  /** Seconds the server asked us to wait before the next attempt (`Retry-After`). */
  retryAfterSeconds?: (err: unknown) => number | undefined;
  /** Source of randomness in [0, 1) for jitter (tests pin it). */
  random?: () => number;
}

/**
 * Run `attempt` until it succeeds, a non-retryable error occurs, attempts run out, or the next
 * wait would cross the deadline. Back-off is exponential with jitter; a server's `Retry-After`
 * raises the wait; when the wait does not fit in the remaining deadline the last error is thrown
 * at once (no pointless sleep).
 *
 * @example
 * const body = await withRetries((n) => httpRequest(url), {
 *   clock: systemClock,
 *   isRetryable: (e) => e instanceof TimeoutError,
 * });
 */
export async function withRetries<T>(
  attempt: (attemptNumber: number, remainingMs: number) => Promise<T>,
  options: WithRetriesOptions,
): Promise<T> {
  const maxAttempts = options.maxAttempts ?? 4;
  const base = options.baseDelayMs ?? 1000;
  const factor = options.factor ?? 2;
  const jitter = options.jitter ?? 0.2;
  const deadline = options.deadlineMs ?? 30_000;
  const random = options.random ?? Math.random;
  const started = options.clock.now();

  for (let n = 1; ; n++) {
    const remaining = deadline - (options.clock.now() - started);
    if (remaining <= 0) throw new TimeoutError(`Operation gave up after ${deadline} ms.`);
    try {
      return await attempt(n, remaining);
    } catch (err) {
      if (n >= maxAttempts || !options.isRetryable(err)) throw err;
      const backoff = base * factor ** (n - 1) * (1 + jitter * (2 * random() - 1));
      const retryAfter = options.retryAfterSeconds?.(err);
      const wait = Math.max(backoff, retryAfter !== undefined ? retryAfter * 1000 : 0);
      const left = deadline - (options.clock.now() - started);
      if (wait >= left) throw err;
      await options.clock.sleep(wait, options.signal);
    }
  }
}

/**
 * Parse a `Retry-After` header (delta-seconds or an HTTP-date) into seconds from `nowMs`.
 * Returns `undefined` for a missing or unparseable value.
 */
export function parseRetryAfter(
  value: string | null | undefined,
  nowMs: number,
): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, Math.ceil((date - nowMs) / 1000));
}

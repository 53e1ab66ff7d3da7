import {
  RedisOutOfMemoryError,
  RedisReadOnlyError,
  RedisStorageError,
  RedisTimeoutError,
  RedisUnavailableError,
} from '../errors.js';
import type { RedisCommands } from '../redis-client.js';

/** Socket errors and client messages that mean "not connected" (node-redis and ioredis). */
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ECONNABORTED',
]);
const UNAVAILABLE_MESSAGES = [
  /client is closed/i,
  /client is offline/i,
  /socket closed unexpectedly/i,
  /connection is closed/i,
  /max retries per request/i,
  /stream isn't writeable/i,
  /none of the (sentinels|cluster nodes)/i,
  /failed to refresh slots cache/i,
  /disconnects? client/i,
];

/** The leading error token of a Redis reply (`READONLY`, `OOM`, `WRONGTYPE`...). */
function replyPrefix(message: string): string | undefined {
  const match = /^([A-Z][A-Z_]+)(\s|$)/.exec(message);
  return match?.[1];
}

/**
 * What the failure was, without the client's error object: ioredis attaches the command's
 * arguments (the credential) to its errors, which `util.inspect` would print as `cause`.
 */
function summary(err: unknown): { name: string; detail: string | undefined; message: string } {
  const name = err instanceof Error ? err.name : typeof err;
  const message = err instanceof Error ? err.message : '';
  const code = (err as { code?: unknown } | null)?.code;
  const detail = typeof code === 'string' ? code : replyPrefix(message);
  return { name, detail, message };
}

function safeCause(name: string, detail: string | undefined): Error {
  const cause = new Error(detail ? `${name}: ${detail}` : name);
  cause.name = name;
  return cause;
}

/** Turn whatever a client threw into a typed {@link RedisStorageError}. */
export function toRedisError(
  err: unknown,
  operation: string,
  location: string,
  commands: RedisCommands,
): RedisStorageError {
  if (err instanceof RedisStorageError) return err;
  const { name, detail, message } = summary(err);
  const options = { operation, location, cause: safeCause(name, detail) };
  const prefix = replyPrefix(message);
  if (prefix === 'READONLY') {
    return new RedisReadOnlyError(
      `Redis refused the ${operation} of ${location}: the client is connected to a read-only ` +
        'replica (READONLY). Point it at the primary, or use a cluster client.',
      options,
    );
  }
  if (prefix === 'OOM') {
    return new RedisOutOfMemoryError(
      `Redis refused the ${operation} of ${location}: it reached maxmemory (OOM). Raise ` +
        '`maxmemory` or set an eviction policy; the stored value is unchanged.',
      options,
    );
  }
  const unavailable =
    (detail !== undefined && UNAVAILABLE_CODES.has(detail)) ||
    prefix === 'CLUSTERDOWN' ||
    prefix === 'LOADING' ||
    UNAVAILABLE_MESSAGES.some((re) => re.test(message)) ||
    (prefix === undefined && commands.isConnected() === false);
  if (unavailable) {
    return new RedisUnavailableError(
      `Redis is unreachable during the ${operation} of ${location} (${detail ?? name}). Check ` +
        'that the server is running and reachable from here, and that the client you passed is ' +
        'connected (this package never connects or closes it). Nothing was half-written.',
      options,
    );
  }
  return new RedisStorageError(
    `Redis refused the ${operation} of ${location} (${detail ?? name}). Check the server's ` +
      'log and the ACL of the client user (GET, SET, EVAL, SCAN on the key prefix).',
    options,
  );
}

/**
 * Run one command with a deadline, mapping failures to typed errors. A client that queues
 * commands while reconnecting (both do by default) would otherwise hang until Redis is back.
 */
export async function runCommand<T>(
  commands: RedisCommands,
  timeoutMs: number,
  operation: string,
  location: string,
  fn: () => Promise<T>,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const connected = commands.isConnected();
      const cause = safeCause('TimeoutError', connected === false ? 'not connected' : undefined);
      reject(
        connected === false
          ? new RedisUnavailableError(
              `Redis is unreachable during the ${operation} of ${location}: the client is not ` +
                `connected (no answer within ${timeoutMs} ms while it reconnects). Check that the ` +
                'server is running and reachable. Nothing was half-written.',
              { operation, location, cause },
            )
          : new RedisTimeoutError(
              `Redis did not answer the ${operation} of ${location} within ${timeoutMs} ms. ` +
                "Check the server's load (SLOWLOG, INFO) and the network; raise " +
                '`commandTimeoutMs` if it is merely slow. Nothing was half-written.',
              { operation, location, cause },
            ),
      );
    }, timeoutMs);
  });
  try {
    return await Promise.race([fn(), timedOut]);
  } catch (err) {
    throw toRedisError(err, operation, location, commands);
  } finally {
    clearTimeout(timer);
  }
}

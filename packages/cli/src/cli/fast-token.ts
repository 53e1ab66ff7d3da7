import { lstatSync, readFileSync } from 'node:fs';
import type { StoreLocation } from './store-location.js';

/** A stored access token that is still good, read without loading core. */
export interface FastToken {
  accessToken: string;
  /** Seconds left, or `null` when the credential has no expiry. */
  expiresIn: number | null;
}

const EAGER_REFRESH_MS = 300_000;

/**
 * The fast path of `print-access-token`: read a file store directly and return its access token
 * when it needs no refresh by core's rule (valid, not marked invalid, and more than
 * `min(5 min, lifetime / 2)` before expiry). Anything else (no file, a symlink, not JSON, an
 * expiring token, another store) returns `undefined` and the caller takes the full path, which
 * reports errors with core's messages. Synchronous reads: for two small files in a process that
 * does nothing else, they are faster than the thread pool and refreshes under the store's lock.
 */
export async function readFastToken(
  location: StoreLocation,
  nowMs: number,
): Promise<FastToken | undefined> {
  if (location.kind !== 'file' || location.path === undefined) return undefined;
  try {
    const info = lstatSync(location.path);
    if (!info.isFile() || info.size > 256 * 1024) return undefined;
    const data = JSON.parse(readFileSync(location.path, 'utf8')) as Record<string, unknown>;
    const token = data.access_token;
    if (typeof token !== 'string' || token === '' || data.invalid === true) return undefined;
    if (data.token_expiry === null || data.token_expiry === undefined) {
      return { accessToken: token, expiresIn: null };
    }
    if (typeof data.token_expiry !== 'string') return undefined;
    const expiry = Date.parse(
      /[zZ]|[+-]\d\d:?\d\d$/.test(data.token_expiry) ? data.token_expiry : `${data.token_expiry}Z`,
    );
    if (!Number.isFinite(expiry)) return undefined;
    const response = data.token_response as { expires_in?: unknown } | null | undefined;
    const lifetimeMs =
      typeof response?.expires_in === 'number' ? response.expires_in * 1000 : undefined;
    const windowMs =
      lifetimeMs === undefined ? EAGER_REFRESH_MS : Math.min(EAGER_REFRESH_MS, lifetimeMs / 2);
    if (nowMs >= expiry - windowMs) return undefined;
    return { accessToken: token, expiresIn: Math.floor((expiry - nowMs) / 1000) };
  } catch {
    return undefined;
  }
}

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
 * when it needs no refresh by core's rule. Anything else (no file, a symlink, not JSON, an
 * expiring token, another store) returns `undefined` and the caller goes on (lean refresh, then
 * the full path, which reports errors with core's messages). Synchronous reads: for two small
 * files in a process that does nothing else, they beat the thread pool.
 */
export function readFastToken(location: StoreLocation, nowMs: number): FastToken | undefined {
  if (location.kind !== 'file' || location.path === undefined) return undefined;
  try {
    const info = lstatSync(location.path);
    if (!info.isFile() || info.size > 256 * 1024) return undefined;
    return tokenIfFresh(JSON.parse(readFileSync(location.path, 'utf8')), nowMs);
  } catch {
    return undefined;
  }
}

/**
 * The stored access token when it needs no refresh by core's rule: present, not marked invalid,
 * and more than `min(5 min, lifetime / 2)` before expiry (no expiry: always good).
 */
export function tokenIfFresh(data: unknown, nowMs: number): FastToken | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const d = data as Record<string, unknown>;
  const token = d.access_token;
  if (typeof token !== 'string' || token === '' || d.invalid === true) return undefined;
  if (d.token_expiry === null || d.token_expiry === undefined)
    return { accessToken: token, expiresIn: null };
  if (typeof d.token_expiry !== 'string') return undefined;
  const expiry = Date.parse(
    /[zZ]|[+-]\d\d:?\d\d$/.test(d.token_expiry) ? d.token_expiry : `${d.token_expiry}Z`,
  );
  if (!Number.isFinite(expiry)) return undefined;
  const response = d.token_response as { expires_in?: unknown } | null | undefined;
  const lifetimeMs =
    typeof response?.expires_in === 'number' ? response.expires_in * 1000 : undefined;
  const windowMs =
    lifetimeMs === undefined ? EAGER_REFRESH_MS : Math.min(EAGER_REFRESH_MS, lifetimeMs / 2);
  if (nowMs >= expiry - windowMs) return undefined;
  return { accessToken: token, expiresIn: Math.floor((expiry - nowMs) / 1000) };
}

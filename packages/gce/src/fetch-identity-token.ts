import type { FetchLike } from '@oauth2/core';
import { httpRequest } from '@oauth2/core/http';
import { MetadataError } from './errors.js';
import { buildMetadataRequest, checkAnswer } from './internal/metadata-wire.js';
import { readMetadataSettings } from './internal/settings.js';

/** Options of {@link fetchIdentityToken}. */
export interface FetchIdentityTokenOptions {
  /** The VM's service account (default `default`). */
  account?: string | undefined;
  /** `full` adds the instance's project and zone to the token (default `standard`). */
  format?: 'standard' | 'full' | undefined;
  /** Include the instance's license codes (needs `format: 'full'`). */
  includeLicenses?: boolean | undefined;
  /** `host[:port]` of the metadata server; wins over `GCE_METADATA_HOST`. */
  host?: string | undefined;
  /** Environment to read (default `process.env`). */
  env?: Readonly<Record<string, string | undefined>> | undefined;
  /** Per-request limit in ms (default 3 000). */
  timeoutMs?: number | undefined;
  /** Transport (default `globalThis.fetch`). */
  fetch?: FetchLike | undefined;
  signal?: AbortSignal | undefined;
}

const JWT = /^[\w-]+\.[\w-]+\.[\w-]+$/;

/**
 * An OpenID Connect ID token for `audience`, minted by the Compute Engine metadata server for
 * the VM's service account (`instance/service-accounts/<account>/identity`). What
 * google-auth-library's `Compute#fetchIdToken` does; use it to call Cloud Run, Cloud Functions or
 * IAP-protected services.
 *
 * @throws {MetadataError} the answer is not from a metadata server (`bad_flavor`), no such
 *   service account (`service_account_not_found`), another HTTP error, or a body that is not a JWT.
 * @throws {TimeoutError} / {NetworkError} the server cannot be reached in time.
 * @example
 * import { fetchIdentityToken } from '@oauth2/gce';
 * const idToken = await fetchIdentityToken('https://my-service-abc123-uc.a.run.app');
 * await fetch(url, { headers: { authorization: `Bearer ${idToken}` } });
 */
export async function fetchIdentityToken(
  audience: string,
  options: FetchIdentityTokenOptions = {},
): Promise<string> {
  if (audience === '') throw new TypeError('fetchIdentityToken needs a non-empty audience.');
  const account = options.account ?? 'default';
  if (!/^[\w.@-]+$/.test(account)) throw new TypeError('The service account name is not valid.');
  const { host } = readMetadataSettings(options.env ?? process.env, { host: options.host });
  const query: Record<string, string> = { audience };
  if (options.format === 'full') query.format = 'full';
  if (options.includeLicenses) query.licenses = 'TRUE';
  const request = buildMetadataRequest(
    host,
    `instance/service-accounts/${account}/identity`,
    query,
  );
  const res = await httpRequest(request.url, {
    headers: request.headers,
    timeoutMs: options.timeoutMs ?? 3_000,
    fetch: options.fetch,
    signal: options.signal,
    maxBodyBytes: 64 * 1024,
  });
  checkAnswer(res.status, res.headers, { host, path: request.path, account });
  const token = res.body.trim();
  if (!JWT.test(token)) {
    throw new MetadataError(`The identity answer from ${host}${request.path} is not a JWT.`, {
      code: 'metadata_malformed',
      status: res.status,
    });
  }
  return token;
}

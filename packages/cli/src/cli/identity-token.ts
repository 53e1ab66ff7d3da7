import { readFile } from 'node:fs/promises';
import type { Io } from './io.js';
import { nodeFetch } from './node-fetch.js';

/**
 * An ID token for `audience` from Application Default Credentials' sources that can mint one:
 * the service-account key named by `GOOGLE_APPLICATION_CREDENTIALS` (JWT-bearer grant with
 * `target_audience`, `@oauth2/crypt`'s `fetchIdToken`), else the Compute Engine metadata
 * server's `identity` endpoint (`@oauth2/gce`'s `fetchIdentityToken`).
 * @throws {Error} neither is available, or the key file is user credentials.
 */
export async function identityTokenFromAdc(audience: string, io: Io): Promise<string> {
  const keyfile = io.env.GOOGLE_APPLICATION_CREDENTIALS;
  if (keyfile) {
    let type: unknown;
    try {
      type = (JSON.parse(await readFile(keyfile, 'utf8')) as { type?: unknown }).type;
    } catch {
      type = undefined;
    }
    if (type === 'authorized_user') {
      throw new Error(
        `${keyfile} holds user credentials, which cannot mint an ID token for an audience. Use a service-account key, or 'oauth2 print-identity-token' without --audience for your login's ID token.`,
      );
    }
    const { fetchIdToken } = await import('@oauth2/crypt');
    return fetchIdToken(keyfile, audience, { fetch: nodeFetch, signal: io.signal });
  }
  const { MetadataClient, fetchIdentityToken } = await import('@oauth2/gce');
  if (!(await new MetadataClient({ env: io.env, fetch: nodeFetch }).isAvailable())) {
    throw new Error(
      'No service-account key (GOOGLE_APPLICATION_CREDENTIALS) and no Compute Engine metadata server: nothing can mint an ID token for an audience here.',
    );
  }
  return fetchIdentityToken(audience, { env: io.env, fetch: nodeFetch, signal: io.signal });
}

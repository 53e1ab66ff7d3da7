import { canary, type FrozenClock, LoopbackServer, useLoopbackServer } from '@oauth2/test-kit';
import { MemoryStorage, OAuth2Credentials, type OAuth2CredentialsOptions } from '../src/index.js';

/** Credential fixtures (from the Python original) whose classes live in @oauth2/core. */
export const CORE_FIXTURES: readonly string[] = [
  'v1.5.2-OAuth2Credentials.json',
  'v1.5.2-OAuth2Credentials-minimal.json',
  'v1.5.2-AccessTokenCredentials.json',
  'v1.5.2-GoogleCredentials.json',
  'v1.5.2-file-storage.dat',
  'v4.1.3-OAuth2Credentials.json',
  'v4.1.3-AccessTokenCredentials.json',
  'v4.1.3-GoogleCredentials.json',
];

/** Secrets with canaries planted, for one credential. */
export interface Secrets {
  accessToken: string;
  refreshToken: string;
  clientSecret: string;
}

export function secrets(): Secrets {
  return { accessToken: canary('at-'), refreshToken: canary('rt-'), clientSecret: canary('cs-') };
}

/** An OAuth2Credentials pointing at `server`, canaries in every secret. */
export function makeCredentials(
  server: LoopbackServer,
  overrides: OAuth2CredentialsOptions = {},
  s: Secrets = secrets(),
): OAuth2Credentials {
  return new OAuth2Credentials({
    accessToken: s.accessToken,
    clientId: 'client-id',
    clientSecret: s.clientSecret,
    refreshToken: s.refreshToken,
    tokenExpiry: null,
    tokenUri: server.urlOf('/token'),
    revokeUri: server.urlOf('/revoke'),
    tokenInfoUri: server.urlOf('/tokeninfo'),
    userAgent: 'refresh_checker/1.0',
    ...overrides,
  });
}

/** A token endpoint answer with a canary access token. */
export function tokenBody(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { access_token: canary('at-new-'), expires_in: 3600, token_type: 'Bearer', ...extra };
}

/**
 * Drive a FrozenClock until `promise` settles: wake sleepers as they appear, and let real I/O
 * (the loopback server) happen in between.
 */
export async function settle<T>(clock: FrozenClock, promise: Promise<T>): Promise<T> {
  let done = false;
  const tracked = promise.finally(() => {
    done = true;
  });
  tracked.catch(() => {});
  while (!done) {
    if (clock.pending > 0) await clock.runNext();
    else await new Promise((r) => setTimeout(r, 2));
  }
  return tracked;
}

/** A MemoryStorage that counts writes. */
export class CountingStorage extends MemoryStorage {
  puts = 0;
  override async lockedPut(credentials: OAuth2Credentials): Promise<void> {
    this.puts++;
    await super.lockedPut(credentials);
  }
}

/** Every URL the server saw must be canary-free (adversarial Z1). */
export function assertNoSecretInUrls(server: LoopbackServer): void {
  for (const r of server.requests) {
    if (r.url.includes('CANARY-')) throw new Error(`A secret leaked into a request URL: ${r.path}`);
  }
}

/**
 * The loopback token server of a test file: started once for the file, and checked before it
 * closes that no request URL carried a secret (adversarial Z1).
 */
export function useTokenServer(): LoopbackServer {
  return useLoopbackServer({ per: 'file', beforeStop: assertNoSecretInUrls });
}

export { LoopbackServer };

import type { Io } from './io.js';

/**
 * An ID token for `audience` from Application Default Credentials. Filled in by the crypt/gce
 * identity-token functions.
 */
export async function identityTokenFromAdc(_audience: string, _io: Io): Promise<string> {
  throw new Error('An ID token for an audience needs a service-account key or Compute Engine.');
}

import { canary } from './canary.js';

/**
 * Constructor options of core's `OAuth2Credentials`, as {@link canaryCredentialFields} fills
 * them in (typed structurally: the test kit does not depend on `@oauth2/core`).
 */
export interface CanaryCredentialFields {
  accessToken: string;
  clientId: string;
  clientSecret: string;
  refreshToken: string;
  tokenExpiry: Date;
  tokenUri: string;
  userAgent: string;
  scopes: string[];
}

/**
 * Options for an `OAuth2Credentials` with a fresh canary in every secret (access token, client
 * secret, refresh token), valid until 2030, for storage tests: what a storage writes and reads
 * back, and what must never show up in its errors.
 *
 * @example
 * import { OAuth2Credentials } from '@oauth2/core';
 * const credentials = new OAuth2Credentials(canaryCredentialFields({ tokenUri: server.urlOf('/token') }));
 */
export function canaryCredentialFields(
  overrides: Partial<CanaryCredentialFields> = {},
): CanaryCredentialFields {
  return {
    accessToken: canary('ya29.'),
    clientId: 'client-id.apps.example',
    clientSecret: canary('secret-'),
    refreshToken: canary('1//'),
    tokenExpiry: new Date('2030-01-01T00:00:00Z'),
    tokenUri: 'https://oauth2.example/token',
    userAgent: 'storage-test/1.0',
    scopes: ['email', 'profile'],
    ...overrides,
  };
}

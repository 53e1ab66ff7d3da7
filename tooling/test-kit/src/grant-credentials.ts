import { canary } from './canary.js';
import type { RotatingTokenServer } from './rotating-token-server.js';

/**
 * Constructor options of core's `OAuth2Credentials` (typed structurally) for a grant of a
 * {@link RotatingTokenServer}, as a code exchange would have stored it.
 */
export interface GrantCredentialFields {
  accessToken: string;
  refreshToken: string;
  clientId: string;
  clientSecret: string;
  tokenUri: string;
  revokeUri: string;
  tokenExpiry: Date;
}

/**
 * Options for an `OAuth2Credentials` holding `grant` of `server` (its token and revoke URIs, a
 * canary client secret), expiring at `tokenExpiry`.
 *
 * @example
 * const grant = server.issueGrant();
 * const credentials = new OAuth2Credentials(grantCredentialFields(server, grant, new Date(0)));
 */
export function grantCredentialFields(
  server: Pick<RotatingTokenServer, 'tokenUri' | 'revokeUri'>,
  grant: { accessToken: string; refreshToken: string },
  tokenExpiry: Date,
): GrantCredentialFields {
  return {
    accessToken: grant.accessToken,
    refreshToken: grant.refreshToken,
    clientId: 'client-id',
    clientSecret: canary('cs-'),
    tokenUri: server.tokenUri,
    revokeUri: server.revokeUri,
    tokenExpiry,
  };
}

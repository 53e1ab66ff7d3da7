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
 * Options for an `OAuth2Credentials` holding `grant` of `server` (client `client-id`, a canary
 * client secret, the server's token and revoke URIs). `expiry` is the access token's expiry, or
 * milliseconds from now (default: it expired a second ago, so the first use refreshes).
 *
 * @example
 * const credentials = new OAuth2Credentials(grantCredentialFields(server, server.issueGrant()));
 */
export function grantCredentialFields(
  server: Pick<RotatingTokenServer, 'tokenUri' | 'revokeUri'>,
  grant: { accessToken: string; refreshToken: string },
  expiry: Date | number = -1000,
): GrantCredentialFields {
  return {
    accessToken: grant.accessToken,
    refreshToken: grant.refreshToken,
    clientId: 'client-id',
    clientSecret: canary('cs-'),
    tokenUri: server.tokenUri,
    revokeUri: server.revokeUri,
    tokenExpiry: typeof expiry === 'number' ? new Date(Date.now() + expiry) : expiry,
  };
}

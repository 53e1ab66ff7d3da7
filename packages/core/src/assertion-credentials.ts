import { buildAssertionGrantBody } from './internal/token-endpoint.js';
import { OAuth2Credentials } from './oauth2-credentials.js';
import type { OAuth2CredentialsOptions } from './oauth2-credentials-options.js';
import { GOOGLE_REVOKE_URI, GOOGLE_TOKEN_URI } from './wire/endpoints.js';
import type { TokenResponse } from './wire/token-response.js';

/** Options of {@link AssertionCredentials}. */
export interface AssertionCredentialsOptions extends OAuth2CredentialsOptions {
  /** oauth2client's `assertion_type` (serialized; unused on the wire). Default null. */
  assertionType?: string | null | undefined;
}

/**
 * Credentials that obtain access tokens with a signed assertion (RFC 7523 JWT bearer grant)
 * instead of a refresh token. A subclass supplies {@link generateAssertion}; this class sends
 * `assertion=<jwt>&grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer` to `tokenUri` with
 * the same single-flight, retry and store logic as {@link OAuth2Credentials}. Port of
 * `oauth2client.client.AssertionCredentials`.
 *
 * @example
 * class MyAssertionCredentials extends AssertionCredentials {
 *   protected async generateAssertion() { return signJwt({ iss, scope, aud: this.tokenUri }); }
 * }
 */
export abstract class AssertionCredentials extends OAuth2Credentials {
  static override readonly jsonClass: string = 'AssertionCredentials';

  /** Serialized as `assertion_type`. */
  assertionType: string | null;

  /** `tokenUri` and `revokeUri` default to Google's endpoints. */
  constructor(options: AssertionCredentialsOptions = {}) {
    super({
      ...options,
      tokenUri: options.tokenUri === undefined ? GOOGLE_TOKEN_URI : options.tokenUri,
      revokeUri: options.revokeUri === undefined ? GOOGLE_REVOKE_URI : options.revokeUri,
    });
    this.assertionType = options.assertionType ?? null;
  }

  /** Produce a fresh signed assertion for one token request. */
  protected abstract generateAssertion(): Promise<string>;

  /** The refresh hook: a fresh assertion sent as the JWT-bearer grant (no refresh token needed). */
  protected override async fetchToken(signal: AbortSignal): Promise<TokenResponse> {
    return this.postTokenGrant(buildAssertionGrantBody(await this.generateAssertion()), signal);
  }

  /** Assertion credentials have no refresh token: the access token is revoked. */
  protected override revokeToken(): string | null {
    return this.accessToken;
  }

  /** The jwt-bearer grant authenticated no client, so revocation sends the token alone. */
  protected override revokeClient(): { clientId: string | null; clientSecret: string | null } {
    return { clientId: null, clientSecret: null };
  }

  protected override serializedFields(): Record<string, unknown> {
    return { ...super.serializedFields(), assertion_type: this.assertionType };
  }
}

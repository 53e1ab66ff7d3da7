import type { CredentialsRuntimeOptions } from './credentials.js';
import { AccessTokenCredentialsError } from './errors.js';
import { OAuth2Credentials } from './oauth2-credentials.js';
import type { TokenResponse } from './wire/token-response.js';

/** Options of {@link AccessTokenCredentials}. */
export interface AccessTokenCredentialsOptions extends CredentialsRuntimeOptions {
  /** The access token to send (a secret). */
  accessToken: string;
  userAgent?: string | null | undefined;
  /** Where {@link AccessTokenCredentials.revoke} sends the token (default: none). */
  revokeUri?: string | null | undefined;
}

/**
 * Credentials made from an access token alone: usable until the token expires, never refreshed.
 * Port of `oauth2client.client.AccessTokenCredentials`.
 *
 * @example
 * const credentials = new AccessTokenCredentials({ accessToken: 'ya29...' });
 * const res = await credentials.authorize()('https://www.googleapis.com/oauth2/v3/userinfo');
 */
export class AccessTokenCredentials extends OAuth2Credentials {
  static override readonly jsonClass: string = 'AccessTokenCredentials';

  /** Build from an access token (and optionally a user agent and a revoke URI). */
  constructor(options: AccessTokenCredentialsOptions) {
    super(options);
  }

  /**
   * Rebuild from JSON. As in oauth2client, only `access_token` and `user_agent` are read
   * (spec §1.4); other keys are kept verbatim for the next write.
   * @throws {CredentialsCorruptError} a key has the wrong type.
   * @example
   * const credentials = AccessTokenCredentials.fromJson(text);
   */
  static override fromJson(
    json: string | Record<string, unknown>,
    options: CredentialsRuntimeOptions = {},
  ): AccessTokenCredentials {
    return AccessTokenCredentials.loadJson(
      json,
      (fields) =>
        new AccessTokenCredentials({
          ...options,
          accessToken: fields.accessToken ?? '',
          userAgent: fields.userAgent,
        }),
    );
  }

  /**
   * The refresh hook always fails: an access token alone cannot be refreshed (with a store
   * attached, a newer token stored there is still adopted first).
   * @throws {AccessTokenCredentialsError} always.
   */
  protected override fetchToken(_signal: AbortSignal): Promise<TokenResponse> {
    return Promise.reject(
      new AccessTokenCredentialsError(
        "The access_token is expired or invalid and can't be refreshed.",
      ),
    );
  }

  protected override revokeToken(): string | null {
    return this.accessToken;
  }
}

import type { CredentialsRuntimeOptions } from './credentials.js';
import { OAuth2Credentials } from './oauth2-credentials.js';
import type { OAuth2CredentialsOptions } from './oauth2-credentials-options.js';
import type { ScopableCredentials } from './scopable-credentials.js';
import { GOOGLE_REVOKE_URI } from './wire/endpoints.js';

/** The `authorized_user` ADC file shape ({@link GoogleCredentials.serializationData}). */
export interface AuthorizedUserData {
  type: 'authorized_user';
  client_id: string | null;
  client_secret: string | null;
  refresh_token: string | null;
}

/**
 * User credentials as Application Default Credentials returns them. Port of
 * `oauth2client.client.GoogleCredentials`: like {@link OAuth2Credentials}, but `revokeUri`
 * defaults to Google's, and the ADC helpers `createScoped`, `createScopedRequired` and
 * `serializationData` exist.
 *
 * @example
 * const credentials = new GoogleCredentials({ clientId, clientSecret, refreshToken, tokenUri: GOOGLE_TOKEN_URI });
 */
export class GoogleCredentials extends OAuth2Credentials implements ScopableCredentials {
  static override readonly jsonClass: string = 'GoogleCredentials';

  /** Same options as {@link OAuth2Credentials}; `revokeUri` defaults to {@link GOOGLE_REVOKE_URI}. */
  constructor(options: OAuth2CredentialsOptions = {}) {
    super({
      ...options,
      revokeUri: options.revokeUri === undefined ? GOOGLE_REVOKE_URI : options.revokeUri,
    });
  }

  /**
   * Rebuild from JSON, reading every field (oauth2client 4.x dropped `token_expiry` here; we
   * keep it).
   * @throws {CredentialsCorruptError} a key has the wrong type.
   * @example
   * const credentials = GoogleCredentials.fromJson(text);
   */
  static override fromJson(
    json: string | Record<string, unknown>,
    options: CredentialsRuntimeOptions = {},
  ): GoogleCredentials {
    return GoogleCredentials.loadJson(json, (f) => new GoogleCredentials({ ...f, ...options }));
  }

  /** Whether `createScoped` must be called before use: never, for user credentials. */
  createScopedRequired(): boolean {
    return false;
  }

  /** User credentials carry the scopes they were granted: returns `this` unchanged. */
  createScoped(_scopes: string | Iterable<string>): this {
    return this;
  }

  /** The gcloud `authorized_user` file contents for this credential (contains secrets). */
  get serializationData(): AuthorizedUserData {
    return {
      type: 'authorized_user',
      client_id: this.clientId,
      client_secret: this.clientSecret,
      refresh_token: this.refreshToken,
    };
  }
}

import {
  type AuthorizedUserData,
  GoogleCredentials,
  type OAuth2CredentialsOptions,
} from '@oauth2/core';
import { setQuotaProjectHeader } from './internal/quota-project.js';

/** Options of {@link AuthorizedUserCredentials}. */
export interface AuthorizedUserCredentialsOptions extends OAuth2CredentialsOptions {
  /** The project billed for API calls, sent as `x-goog-user-project`. */
  quotaProjectId?: string | undefined;
}

/** The `authorized_user` ADC file with its optional `quota_project_id`. */
export interface AuthorizedUserFileData extends AuthorizedUserData {
  quota_project_id?: string;
}

/**
 * User credentials loaded from an `authorized_user` ADC file (what `gcloud auth
 * application-default login` writes). A `GoogleCredentials` that also sends
 * `x-goog-user-project: <quota_project_id>` when the file names a quota project.
 *
 * @example
 * const credentials = new AuthorizedUserCredentials({
 *   clientId, clientSecret, refreshToken, tokenUri: GOOGLE_TOKEN_URI, quotaProjectId: 'my-project',
 * });
 */
export class AuthorizedUserCredentials extends GoogleCredentials {
  /** The project billed for API calls, if any. */
  readonly quotaProjectId: string | undefined;

  constructor(options: AuthorizedUserCredentialsOptions = {}) {
    super(options);
    this.quotaProjectId = options.quotaProjectId;
  }

  /**
   * Set `Authorization: Bearer <token>` and, with a quota project, `x-goog-user-project`.
   * @throws {AccessTokenRefreshError} there is no access token yet.
   * @example
   * const headers = new Headers();
   * credentials.apply(headers);
   */
  override apply(headers: Headers | Record<string, string>): void {
    super.apply(headers);
    setQuotaProjectHeader(headers, this.quotaProjectId);
  }

  /** The `authorized_user` file contents, with `quota_project_id` when set (contains secrets). */
  override get serializationData(): AuthorizedUserFileData {
    const data: AuthorizedUserFileData = { ...super.serializationData };
    if (this.quotaProjectId !== undefined) data.quota_project_id = this.quotaProjectId;
    return data;
  }

  protected override redactedView(): Record<string, unknown> {
    return { ...super.redactedView(), quotaProjectId: this.quotaProjectId };
  }
}

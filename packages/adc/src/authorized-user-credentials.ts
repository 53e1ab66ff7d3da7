import {
  type AuthorizedUserData,
  GoogleCredentials,
  type OAuth2CredentialsOptions,
} from '@oauth2/core';
import { type QuotaProjectOptions, withQuotaProject } from './internal/quota-project.js';

/** Options of {@link AuthorizedUserCredentials}. */
export interface AuthorizedUserCredentialsOptions
  extends OAuth2CredentialsOptions,
    QuotaProjectOptions {}

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
export class AuthorizedUserCredentials extends withQuotaProject(GoogleCredentials) {
  /** Build from the `GoogleCredentials` options plus `quotaProjectId`. */
  constructor(options: AuthorizedUserCredentialsOptions = {}) {
    super(options);
  }

  protected override redactedView(): Record<string, unknown> {
    return { ...super.redactedView(), quotaProjectId: this.quotaProjectId };
  }
}

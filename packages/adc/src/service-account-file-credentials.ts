import {
  ServiceAccountCredentials,
  type ServiceAccountCredentialsOptions,
  type ServiceAccountData,
} from '@oauth2/crypt';
import { setQuotaProjectHeader } from './internal/quota-project.js';

/** Options of {@link ServiceAccountFileCredentials}. */
export interface ServiceAccountFileCredentialsOptions extends ServiceAccountCredentialsOptions {
  /** The project billed for API calls, sent as `x-goog-user-project`. */
  quotaProjectId?: string | undefined;
}

/** A `service_account` ADC file with its optional `quota_project_id`. */
export interface ServiceAccountFileData extends ServiceAccountData {
  quota_project_id?: string;
}

/**
 * Service-account credentials loaded from a `service_account` ADC file: `@oauth2/crypt`'s
 * `ServiceAccountCredentials` (so `instanceof ServiceAccountCredentials` holds) that also sends
 * `x-goog-user-project: <quota_project_id>` on API calls when the file names a quota project.
 * Copies (`createScoped`, `createWithClaims`, `createDelegated`) keep the quota project.
 *
 * Exported as a type only: `@oauth2/adc` loads `@oauth2/crypt` (and jose) only when a
 * service-account file is used, and `getApplicationDefault()`/`fromStream()` build this class.
 *
 * @example
 * const credentials = await fromStream('key.json', { scopes });
 * if (credentials instanceof ServiceAccountCredentials) {
 *   console.log((credentials as ServiceAccountFileCredentials).quotaProjectId);
 * }
 */
export class ServiceAccountFileCredentials extends ServiceAccountCredentials {
  /** The project billed for API calls, if any. */
  readonly quotaProjectId: string | undefined;

  constructor(options: ServiceAccountFileCredentialsOptions) {
    const { quotaProjectId, ...rest } = options;
    super(rest);
    this.quotaProjectId = quotaProjectId;
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

  /** The `service_account` key-file contents, with `quota_project_id` when set (contains the key). */
  override get serializationData(): ServiceAccountFileData {
    const data: ServiceAccountFileData = { ...super.serializationData };
    if (this.quotaProjectId !== undefined) data.quota_project_id = this.quotaProjectId;
    return data;
  }

  protected override cloneOptions(
    overrides: Partial<ServiceAccountCredentialsOptions>,
  ): ServiceAccountFileCredentialsOptions {
    return { quotaProjectId: this.quotaProjectId, ...super.cloneOptions(overrides) };
  }

  protected override redactedView(): Record<string, unknown> {
    return { ...super.redactedView(), quotaProjectId: this.quotaProjectId };
  }
}

import {
  ServiceAccountCredentials,
  type ServiceAccountCredentialsOptions,
  type ServiceAccountData,
} from '@oauth2/crypt';
import { type QuotaProjectOptions, withQuotaProject } from './internal/quota-project.js';

/** Options of {@link ServiceAccountFileCredentials}. */
export interface ServiceAccountFileCredentialsOptions
  extends ServiceAccountCredentialsOptions,
    QuotaProjectOptions {}

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
export class ServiceAccountFileCredentials extends withQuotaProject(ServiceAccountCredentials) {
  /** Build from the `ServiceAccountCredentials` options plus `quotaProjectId`. */
  constructor(options: ServiceAccountFileCredentialsOptions) {
    super(options);
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

/** The header that names the project billed for an API call (`quota_project_id`). */
export const QUOTA_PROJECT_HEADER = 'x-goog-user-project';

/** Options a quota-project credential accepts besides its base class's. */
export interface QuotaProjectOptions {
  /** The project billed for API calls, sent as `x-goog-user-project`. */
  quotaProjectId?: string | undefined;
}

/** What the mixin builds on: a credential that sets headers and has ADC file contents. */
interface QuotaProjectBase {
  apply(headers: Headers | Record<string, string>): void;
  get serializationData(): object;
}

// biome-ignore lint/suspicious/noExplicitAny: a mixin's base constructor must take `any[]` (TypeScript's rule for mixins)
type Constructor<T> = new (...args: any[]) => T;

/**
 * The quota project, written once for every ADC credential class: `Base` plus a
 * `quotaProjectId` (read from the first constructor argument, an options object, and not passed
 * on), `x-goog-user-project` set by `apply`, and `quota_project_id` added to
 * `serializationData` when there is one.
 *
 * @example
 * export class AuthorizedUserCredentials extends withQuotaProject(GoogleCredentials) {}
 */
export function withQuotaProject<TBase extends Constructor<QuotaProjectBase>>(Base: TBase) {
  return class WithQuotaProject extends Base {
    /** The project billed for API calls, if any. */
    readonly quotaProjectId: string | undefined;

    // biome-ignore lint/suspicious/noExplicitAny: the mixin constructor signature TypeScript requires
    constructor(...args: any[]) {
      const [options, ...rest] = args as [(QuotaProjectOptions & object) | undefined, ...unknown[]];
      const { quotaProjectId, ...own } = options ?? {};
      super(own, ...rest);
      this.quotaProjectId = quotaProjectId;
    }

    /**
     * Set `Authorization: Bearer <token>` and, with a quota project, `x-goog-user-project`.
     * @throws {AccessTokenRefreshError} there is no access token yet.
     */
    override apply(headers: Headers | Record<string, string>): void {
      super.apply(headers);
      if (this.quotaProjectId === undefined) return;
      if (headers instanceof Headers) headers.set(QUOTA_PROJECT_HEADER, this.quotaProjectId);
      else headers[QUOTA_PROJECT_HEADER] = this.quotaProjectId;
    }

    /** The ADC file contents, with `quota_project_id` when set (contains secrets). */
    override get serializationData(): InstanceType<TBase>['serializationData'] & {
      quota_project_id?: string;
    } {
      const data: Record<string, unknown> = { ...super.serializationData };
      if (this.quotaProjectId !== undefined) data.quota_project_id = this.quotaProjectId;
      return data as InstanceType<TBase>['serializationData'];
    }
  };
}

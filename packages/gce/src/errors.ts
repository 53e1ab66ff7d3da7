import { HttpAccessTokenRefreshError, type OAuth2ErrorOptions } from '@oauth2/core/errors';

/**
 * Stable codes of {@link MetadataError}:
 * - `metadata_bad_flavor`: the answer lacked `Metadata-Flavor: Google` (not the metadata server; ignored);
 * - `metadata_malformed`: a 200 answer whose body is not the expected shape (the field is named);
 * - `service_account_not_found`: 404 for a service account (no account, or no scopes, on the VM);
 * - `metadata_forbidden`: 403 (missing scope, or a proxy stripped the flavor header);
 * - `metadata_not_found`: 404 for another metadata path;
 * - `metadata_redirect`: a 3xx (never followed);
 * - `metadata_http_error`: any other status (5xx, 429 and 408 are `retryable`);
 * - `metadata_invalid_config`: a bad `METADATA_SERVER_DETECTION` or service-account name.
 */
export type MetadataErrorCode =
  | 'metadata_bad_flavor'
  | 'metadata_malformed'
  | 'service_account_not_found'
  | 'metadata_forbidden'
  | 'metadata_not_found'
  | 'metadata_redirect'
  | 'metadata_http_error'
  | 'metadata_invalid_config';

/**
 * Every `code` an @oauth2/gce error carries (a closed union: switch on it): the
 * {@link MetadataErrorCode} values of {@link MetadataError}, and core's `not_serializable`
 * (`NotSerializableError`: Compute Engine credentials have no JSON form).
 */
export type GceErrorCode = MetadataErrorCode | 'not_serializable';

/** Options of {@link MetadataError}. */
export interface MetadataErrorOptions extends OAuth2ErrorOptions {
  code: MetadataErrorCode;
  /** HTTP status, when an answer was received. */
  status?: number;
  /** Whether another attempt may succeed (5xx, 429, 408). */
  retryable?: boolean;
  /** The offending field of a malformed answer. */
  field?: string;
}

/**
 * The Compute Engine metadata server could not be used: a bad or missing `Metadata-Flavor`
 * answer, an error status, or a malformed body. Messages name the host and the path, never a
 * token, a query string or the raw body. It extends `HttpAccessTokenRefreshError` (as oauth2client
 * raised for metadata failures during a refresh), so code catching refresh errors catches it.
 *
 * @example
 * try {
 *   await credentials.getAccessToken();
 * } catch (err) {
 *   if (err instanceof MetadataError && err.code === 'service_account_not_found') {
 *     console.error('Attach a service account to this VM.');
 *   }
 * }
 */
export class MetadataError extends HttpAccessTokenRefreshError {
  declare readonly code: MetadataErrorCode;
  /** The offending field of a `metadata_malformed` answer. */
  readonly field: string | undefined;

  constructor(message: string, options: MetadataErrorOptions) {
    const { field, ...rest } = options;
    super(message, rest);
    this.field = field;
  }
}

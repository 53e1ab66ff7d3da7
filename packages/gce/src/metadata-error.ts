import { OAuth2Error, type OAuth2ErrorOptions } from '@oauth2/core/errors';

/**
 * Stable codes of {@link MetadataError}:
 * - `bad_flavor`: the answer lacked `Metadata-Flavor: Google` (not the metadata server; ignored);
 * - `malformed`: a 200 answer whose body is not the expected shape (the field is named);
 * - `service_account_not_found`: 404 for a service account (no account, or no scopes, on the VM);
 * - `forbidden`: 403 (missing scope, or a proxy stripped the flavor header);
 * - `not_found`: 404 for another metadata path;
 * - `redirect`: a 3xx (never followed);
 * - `http_error`: any other status (5xx and 429 are `retryable`);
 * - `invalid_config`: a bad `METADATA_SERVER_DETECTION` or service-account name.
 */
export type MetadataErrorCode =
  | 'bad_flavor'
  | 'malformed'
  | 'service_account_not_found'
  | 'forbidden'
  | 'not_found'
  | 'redirect'
  | 'http_error'
  | 'invalid_config';

/** Options of {@link MetadataError}. */
export interface MetadataErrorOptions extends OAuth2ErrorOptions {
  code: MetadataErrorCode;
  /** HTTP status, when an answer was received. */
  status?: number;
  /** Whether another attempt may succeed (5xx, 429). */
  retryable?: boolean;
  /** The offending field of a malformed answer. */
  field?: string;
}

/**
 * The Compute Engine metadata server could not be used: a bad or missing `Metadata-Flavor`
 * answer, an error status, or a malformed body. Messages name the host and the path, never a
 * token, a query string or the raw body.
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
export class MetadataError extends OAuth2Error {
  static override readonly defaultCode = 'http_error';
  override readonly code: MetadataErrorCode;
  readonly status: number | undefined;
  readonly retryable: boolean;
  readonly field: string | undefined;

  constructor(message: string, options: MetadataErrorOptions) {
    super(message, options);
    this.code = options.code;
    this.status = options.status;
    this.retryable = options.retryable ?? false;
    this.field = options.field;
  }
}

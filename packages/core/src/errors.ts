/// <reference types="node" preserve="true" />
// long-file: the whole error tree until issue 11 splits it by concern
/**
 * The @oauth2 error tree. Every error thrown by an @oauth2 package extends {@link OAuth2Error},
 * carries a stable string `code` for `switch (err.code)`, keeps the Python class name as `name`
 * where oauth2client had one, and never puts a secret or raw response/file bytes in its message.
 *
 * @module
 */

/** Stable codes set by the library itself. OAuth servers' own `error` values pass through too. */
export type OAuth2ErrorCode =
  | 'flow_exchange_failed'
  | 'access_token_refresh_failed'
  | 'http_error'
  | 'invalid_token_response'
  | 'token_revoke_failed'
  | 'token_info_failed'
  | 'access_token_credentials'
  | 'verify_jwt_failed'
  | 'device_code_failed'
  | 'unknown_client_secrets_flow'
  | 'invalid_client_secrets'
  | 'application_default_credentials'
  | 'credentials_corrupt'
  | 'lock_timeout'
  | 'lock_compromised'
  | 'credentials_file_symlink'
  | 'EISDIR'
  | 'storage_write_failed'
  | 'newer_credential_store'
  | 'keyring_unavailable'
  | 'keyring_value_too_large'
  | 'unknown_credentials_type'
  | 'not_serializable'
  | 'no_refresh_token'
  | 'credentials_revoked'
  | 'response_too_large'
  | 'network_error'
  | 'ETIMEDOUT'
  | 'aborted'
  | 'invalid_configuration'
  | 'insecure_endpoint'
  | 'insecure_credential_file'
  // OAuth 2.0 error codes returned by servers (RFC 6749 §5.2, RFC 8628 §3.5, RFC 7009 §2.2.1)
  | 'invalid_grant'
  | 'invalid_request'
  | 'invalid_client'
  | 'unauthorized_client'
  | 'unsupported_grant_type'
  | 'invalid_scope'
  | 'access_denied'
  | 'expired_token'
  | 'authorization_pending'
  | 'slow_down'
  | 'invalid_token'
  | 'temporarily_unavailable'
  | (string & {});

/** Options shared by every @oauth2 error. */
export interface OAuth2ErrorOptions {
  /** The underlying error (a network failure, a parse error...). */
  cause?: unknown;
  /** Overrides the class's default code (e.g. with the server's `error` value). */
  code?: OAuth2ErrorCode;
}

/**
 * Base class of every @oauth2 error.
 *
 * @example
 * try {
 *   await credentials.refresh();
 * } catch (err) {
 *   if (err instanceof OAuth2Error && err.code === 'invalid_grant') promptLogin();
 *   else throw err;
 * }
 */
export class OAuth2Error extends Error {
  /** A stable, machine-readable code. */
  readonly code: OAuth2ErrorCode;
  /** Default code for instances of this class. */
  static readonly defaultCode: OAuth2ErrorCode = 'oauth2_error';

  constructor(message: string, options: OAuth2ErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = options.code ?? (new.target as typeof OAuth2Error).defaultCode;
  }
}

/** Extra data for errors that come from an HTTP exchange. */
export interface HttpErrorOptions extends OAuth2ErrorOptions {
  /** HTTP status, when a response was received. */
  status?: number;
  /** The server's `error` field (RFC 6749 §5.2). */
  error?: string;
  /** The server's `error_description`. */
  errorDescription?: string;
  /** The server's `error_uri`. */
  errorUri?: string;
  /** Whether trying again later may succeed (5xx, 429, timeouts). */
  retryable?: boolean;
  /** Seconds the server asked us to wait (`Retry-After`). */
  retryAfter?: number;
}

/** Uses the server's `error` value as the code unless one was given. */
function withCode(options: HttpErrorOptions): OAuth2ErrorOptions {
  const code = options.code ?? options.error;
  return code === undefined ? options : { ...options, code };
}

/** Mixin-free helper: copies the HTTP fields onto an error instance. */
function assignHttp(target: HttpFields, options: HttpErrorOptions): void {
  if (options.status !== undefined) target.status = options.status;
  if (options.error !== undefined) target.error = options.error;
  if (options.errorDescription !== undefined) target.errorDescription = options.errorDescription;
  if (options.errorUri !== undefined) target.errorUri = options.errorUri;
  target.retryable = options.retryable ?? false;
  if (options.retryAfter !== undefined) target.retryAfter = options.retryAfter;
}

interface HttpFields {
  status?: number;
  error?: string;
  errorDescription?: string;
  errorUri?: string;
  retryable: boolean;
  retryAfter?: number;
}

/** The authorization code (or device code) could not be exchanged for tokens. */
export class FlowExchangeError extends OAuth2Error implements HttpFields {
  static override readonly defaultCode: OAuth2ErrorCode = 'flow_exchange_failed';
  status?: number;
  error?: string;
  errorDescription?: string;
  errorUri?: string;
  retryable = false;
  retryAfter?: number;
  constructor(message: string, options: HttpErrorOptions = {}) {
    super(message, withCode(options));
    assignHttp(this, options);
  }
}

/** A token refresh failed. */
export class AccessTokenRefreshError extends OAuth2Error {
  static override readonly defaultCode: OAuth2ErrorCode = 'access_token_refresh_failed';
}

/**
 * The token endpoint answered a refresh with an error status. `code` is the server's `error`
 * (`invalid_grant`...) when it sent one, else `http_error`.
 */
export class HttpAccessTokenRefreshError extends AccessTokenRefreshError implements HttpFields {
  static override readonly defaultCode: OAuth2ErrorCode = 'http_error';
  status?: number;
  error?: string;
  errorDescription?: string;
  errorUri?: string;
  retryable = false;
  retryAfter?: number;
  constructor(message: string, options: HttpErrorOptions = {}) {
    super(message, withCode(options));
    assignHttp(this, options);
  }
}

/**
 * A token endpoint answered 200 with a body that is not a usable token response (no
 * `access_token`, a wrong `token_type`, a bad `expires_in`, not a JSON object...). The message
 * names the field, never its value.
 */
export class TokenResponseError extends AccessTokenRefreshError {
  static override readonly defaultCode: OAuth2ErrorCode = 'invalid_token_response';
  /** The offending field, when one is to blame. */
  readonly field: string | undefined;
  constructor(message: string, options: OAuth2ErrorOptions & { field?: string } = {}) {
    super(message, options);
    this.field = options.field;
  }
}

/** Revoking a token failed. The local copy of the credential is kept. */
export class TokenRevokeError extends OAuth2Error implements HttpFields {
  static override readonly defaultCode: OAuth2ErrorCode = 'token_revoke_failed';
  status?: number;
  error?: string;
  errorDescription?: string;
  errorUri?: string;
  retryable = false;
  retryAfter?: number;
  constructor(message: string, options: HttpErrorOptions = {}) {
    super(message, options);
    assignHttp(this, options);
  }
}

/** The token information endpoint refused or failed (`retrieveScopes`). */
export class TokenInfoError extends OAuth2Error implements HttpFields {
  static override readonly defaultCode: OAuth2ErrorCode = 'token_info_failed';
  status?: number;
  error?: string;
  errorDescription?: string;
  errorUri?: string;
  retryable = false;
  retryAfter?: number;
  constructor(message: string, options: HttpErrorOptions = {}) {
    super(message, options);
    assignHttp(this, options);
  }
}

/** An `AccessTokenCredentials` token expired or was rejected; it cannot be refreshed. */
export class AccessTokenCredentialsError extends OAuth2Error {
  static override readonly defaultCode: OAuth2ErrorCode = 'access_token_credentials';
}

/** A JWT (ID token) could not be decoded or verified. */
export class VerifyJwtTokenError extends OAuth2Error {
  static override readonly defaultCode: OAuth2ErrorCode = 'verify_jwt_failed';
}

/**
 * The device flow failed. `code` is the RFC 8628 error (`expired_token`, `access_denied`) or
 * `device_code_failed`.
 */
export class OAuth2DeviceCodeError extends OAuth2Error implements HttpFields {
  static override readonly defaultCode: OAuth2ErrorCode = 'device_code_failed';
  status?: number;
  error?: string;
  errorDescription?: string;
  errorUri?: string;
  retryable = false;
  retryAfter?: number;
  constructor(message: string, options: HttpErrorOptions = {}) {
    super(message, withCode(options));
    assignHttp(this, options);
  }
}

/** A client secrets file declares a client type other than `web` or `installed`. */
export class UnknownClientSecretsFlowError extends OAuth2Error {
  static override readonly defaultCode: OAuth2ErrorCode = 'unknown_client_secrets_flow';
}

/** A client secrets file is missing or invalid. The message names the file and the problem. */
export class InvalidClientSecretsError extends OAuth2Error {
  static override readonly defaultCode: OAuth2ErrorCode = 'invalid_client_secrets';
}

/** Application Default Credentials could not be found or loaded. */
export class ApplicationDefaultCredentialsError extends OAuth2Error {
  static override readonly defaultCode: OAuth2ErrorCode = 'application_default_credentials';
}

/** A stored credential could not be decoded. The message names the location, never the bytes. */
export class CredentialsCorruptError extends OAuth2Error {
  static override readonly defaultCode: OAuth2ErrorCode = 'credentials_corrupt';
  /** The file (or keyring entry) that holds the corrupt data. */
  readonly location: string | undefined;
  constructor(message: string, options: OAuth2ErrorOptions & { location?: string } = {}) {
    super(message, options);
    this.location = options.location;
  }
}

/** A storage lock could not be acquired within the wait budget. */
export class LockTimeoutError extends OAuth2Error {
  static override readonly defaultCode: OAuth2ErrorCode = 'lock_timeout';
  readonly location: string | undefined;
  readonly waitedMs: number | undefined;
  constructor(
    message: string,
    options: OAuth2ErrorOptions & { location?: string; waitedMs?: number } = {},
  ) {
    super(message, options);
    this.location = options.location;
    this.waitedMs = options.waitedMs;
  }
}

/**
 * A cross-process lock was lost while it was held (its lock directory was removed or replaced,
 * or it could not be refreshed within the stale threshold). Nothing is written after this is
 * detected; retry the operation.
 */
export class LockCompromisedError extends OAuth2Error {
  static override readonly defaultCode: OAuth2ErrorCode = 'lock_compromised';
  /** The file whose lock was lost. */
  readonly location: string | undefined;
  constructor(message: string, options: OAuth2ErrorOptions & { location?: string } = {}) {
    super(message, options);
    this.location = options.location;
  }
}

/** A credentials file is a symbolic link (or not a regular file); it is refused. */
export class CredentialsFileSymbolicLinkError extends OAuth2Error {
  static override readonly defaultCode: OAuth2ErrorCode = 'credentials_file_symlink';
}

/** A credential path names a directory. `code` is `EISDIR`. */
export class IsADirectoryError extends OAuth2Error {
  static override readonly defaultCode: OAuth2ErrorCode = 'EISDIR';
  /** The path that is a directory. */
  readonly location: string | undefined;
  constructor(message: string, options: OAuth2ErrorOptions & { location?: string } = {}) {
    super(message, options);
    this.location = options.location;
  }
}

/**
 * Writing a credential store failed (`ENOSPC`, `EIO`, `EACCES`, `EROFS`...). `code` is the system
 * error code. The original file is unchanged and no temporary file is left behind.
 */
export class StorageWriteError extends OAuth2Error {
  static override readonly defaultCode: OAuth2ErrorCode = 'storage_write_failed';
  /** The file that could not be written. */
  readonly location: string | undefined;
  constructor(message: string, options: OAuth2ErrorOptions & { location?: string } = {}) {
    super(message, options);
    this.location = options.location;
  }
}

/** A credential store was written by a newer version of the format than this one reads. */
export class NewerCredentialStoreError extends OAuth2Error {
  static override readonly defaultCode: OAuth2ErrorCode = 'newer_credential_store';
}

/** No usable OS keyring (no backend, no Secret Service, locked collection...). */
export class KeyringUnavailableError extends OAuth2Error {
  static override readonly defaultCode: OAuth2ErrorCode = 'keyring_unavailable';
}

/**
 * A credential is too large for the platform's keyring (Windows Credential Manager holds 2 560
 * bytes). It is refused before anything is written, so the stored entry is unchanged.
 */
export class KeyringValueTooLargeError extends OAuth2Error {
  static override readonly defaultCode: OAuth2ErrorCode = 'keyring_value_too_large';
  /** Size of the value, in the backend's unit (bytes). */
  readonly size: number;
  /** The backend's limit. */
  readonly limit: number;
  constructor(message: string, options: OAuth2ErrorOptions & { size: number; limit: number }) {
    super(message, options);
    this.size = options.size;
    this.limit = options.limit;
  }
}

/** `_module`/`_class` in a credential JSON name no registered credential class. */
export class UnknownCredentialsTypeError extends OAuth2Error {
  static override readonly defaultCode: OAuth2ErrorCode = 'unknown_credentials_type';
}

/** The credential type cannot be serialized (GCE, devshell...). */
export class NotSerializableError extends OAuth2Error {
  static override readonly defaultCode: OAuth2ErrorCode = 'not_serializable';
}

/** A response body exceeded the size cap (1 MiB by default) and was aborted. */
export class ResponseTooLargeError extends OAuth2Error {
  static override readonly defaultCode: OAuth2ErrorCode = 'response_too_large';
}

/** The connection failed before any response (refused, reset, DNS...). `cause` has the detail. */
export class NetworkError extends OAuth2Error {
  static override readonly defaultCode: OAuth2ErrorCode = 'network_error';
  /** Whether the request body may already have reached the server. */
  readonly maybeSent: boolean;
  constructor(message: string, options: OAuth2ErrorOptions & { maybeSent?: boolean } = {}) {
    super(message, options);
    this.maybeSent = options.maybeSent ?? true;
  }
}

/** A request or a whole operation ran out of time. `code` is `ETIMEDOUT`. */
export class TimeoutError extends OAuth2Error {
  static override readonly defaultCode: OAuth2ErrorCode = 'ETIMEDOUT';
  readonly retryable = true;
}

/**
 * A configuration mistake found before anything was sent: an endpoint that is not a URL, a CR or
 * LF in `user_agent` or another header value. It is never retried. `field` names the option.
 *
 * @example
 * try {
 *   new OAuth2Credentials({ tokenUri: 'oauth2.example.com/token' });
 * } catch (err) {
 *   if (err instanceof ConfigurationError) console.error(`fix ${err.field}`);
 * }
 */
export class ConfigurationError extends OAuth2Error {
  static override readonly defaultCode: OAuth2ErrorCode = 'invalid_configuration';
  /** The option (or wire field) that is wrong, e.g. `tokenUri`. */
  readonly field: string | undefined;
  constructor(message: string, options: OAuth2ErrorOptions & { field?: string } = {}) {
    super(message, options);
    this.field = options.field;
  }
}

/**
 * An endpoint that carries secrets (token, revoke, device, tokeninfo, certs, metadata, auth) is
 * neither `https:` nor `http:` on a loopback host. Pass `allowInsecureRequests: true` only for
 * a test server you control. `code` is `insecure_endpoint`.
 *
 * @example
 * new OAuth2Credentials({ tokenUri: 'http://auth.example.com/token' }); // throws, field 'tokenUri'
 */
export class InsecureEndpointError extends ConfigurationError {
  static override readonly defaultCode: OAuth2ErrorCode = 'insecure_endpoint';
}

/**
 * A credential file or store is owned by another user, or writable by group or others (ssh's
 * rule for private keys). The message says how to fix it (`chown`, `chmod 600`).
 *
 * @example
 * // chmod 666 ~/.credentials.json, then:
 * await storage.get(); // throws InsecureCredentialFileError
 */
export class InsecureCredentialFileError extends OAuth2Error {
  static override readonly defaultCode: OAuth2ErrorCode = 'insecure_credential_file';
  /** The file that was refused. */
  readonly location: string | undefined;
  constructor(message: string, options: OAuth2ErrorOptions & { location?: string } = {}) {
    super(message, options);
    this.location = options.location;
  }
}

/**
 * A refresh was asked of a credential that has no refresh token; nothing was sent. Sign in again
 * (or load a credential that has one).
 *
 * @example
 * try { await credentials.refresh(); } catch (err) {
 *   if (err instanceof MissingRefreshTokenError) await signInAgain();
 * }
 */
export class MissingRefreshTokenError extends AccessTokenRefreshError {
  static override readonly defaultCode: OAuth2ErrorCode = 'no_refresh_token';
}

/**
 * The credential was revoked (by this process with `revoke()`): it is not refreshed again, and a
 * refresh that was in flight when the revoke started is not applied or stored. Sign in again.
 *
 * @example
 * await credentials.revoke();
 * await credentials.refresh(); // throws CredentialsRevokedError, nothing is sent
 */
export class CredentialsRevokedError extends AccessTokenRefreshError {
  static override readonly defaultCode: OAuth2ErrorCode = 'credentials_revoked';
}

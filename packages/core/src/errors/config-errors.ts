import { OAuth2Error, type OAuth2ErrorOptions } from './oauth2-error.js';

/**
 * A configuration mistake found before anything was sent: an endpoint that is not a URL, a CR or
 * LF in `user_agent` or another header value, an argument out of range. It is never retried.
 * `field` names the option.
 *
 * @example
 * try {
 *   new OAuth2Credentials({ tokenUri: 'oauth2.example.com/token' });
 * } catch (err) {
 *   if (err instanceof ConfigurationError) console.error(`fix ${err.field}`);
 * }
 */
export class ConfigurationError extends OAuth2Error {
  static override readonly defaultCode: string = 'invalid_configuration';
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
  static override readonly defaultCode: string = 'insecure_endpoint';
  declare readonly code: 'insecure_endpoint';
}

/** A client secrets file declares a client type other than `web` or `installed`. */
export class UnknownClientSecretsFlowError extends OAuth2Error {
  static override readonly defaultCode: string = 'unknown_client_secrets_flow';
  declare readonly code: 'unknown_client_secrets_flow';
}

/** A client secrets file is missing or invalid. The message names the file and the problem. */
export class InvalidClientSecretsError extends OAuth2Error {
  static override readonly defaultCode: string = 'invalid_client_secrets';
  declare readonly code: 'invalid_client_secrets';
}

/** Application Default Credentials could not be found or loaded. */
export class ApplicationDefaultCredentialsError extends OAuth2Error {
  static override readonly defaultCode: string = 'application_default_credentials';
  declare readonly code: 'application_default_credentials';
}

/** `_module`/`_class` in a credential JSON name no registered credential class. */
export class UnknownCredentialsTypeError extends OAuth2Error {
  static override readonly defaultCode: string = 'unknown_credentials_type';
  declare readonly code: 'unknown_credentials_type';
}

/** The credential type cannot be serialized (GCE, devshell...). */
export class NotSerializableError extends OAuth2Error {
  static override readonly defaultCode: string = 'not_serializable';
  declare readonly code: 'not_serializable';
}

import { errorClass, OAuth2Error } from './oauth2-error.js';

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
export class ConfigurationError extends errorClass(OAuth2Error, 'invalid_configuration' as string, {
  /** The option (or wire field) that is wrong, e.g. `tokenUri`. */
  field: undefined as string | undefined,
}) {}

/**
 * An endpoint that carries secrets (token, revoke, device, tokeninfo, certs, metadata, auth) is
 * neither `https:` nor `http:` on a loopback host. Pass `allowInsecureRequests: true` only for
 * a test server you control. `code` is `insecure_endpoint`.
 *
 * @example
 * new OAuth2Credentials({ tokenUri: 'http://auth.example.com/token' }); // throws, field 'tokenUri'
 */
export class InsecureEndpointError extends errorClass(ConfigurationError, 'insecure_endpoint') {}

/** A client secrets file declares a client type other than `web` or `installed`. */
export class UnknownClientSecretsFlowError extends errorClass(
  OAuth2Error,
  'unknown_client_secrets_flow',
) {}

/** A client secrets file is missing or invalid. The message names the file and the problem. */
export class InvalidClientSecretsError extends errorClass(OAuth2Error, 'invalid_client_secrets') {}

/** Application Default Credentials could not be found or loaded. */
export class ApplicationDefaultCredentialsError extends errorClass(
  OAuth2Error,
  'application_default_credentials',
) {}

/** `_module`/`_class` in a credential JSON name no registered credential class. */
export class UnknownCredentialsTypeError extends errorClass(
  OAuth2Error,
  'unknown_credentials_type',
) {}

/** The credential type cannot be serialized (GCE, devshell...). */
export class NotSerializableError extends errorClass(OAuth2Error, 'not_serializable') {}

import { ConfigurationError } from '../errors.js';
import { assertHeaderValue, assertSecureEndpoint } from '../http/endpoint.js';

/** The endpoint and header options of a credential, checked at construction. */
export interface CredentialEndpointOptions {
  tokenUri?: string | null | undefined;
  revokeUri?: string | null | undefined;
  tokenInfoUri?: string | null | undefined;
  userAgent?: string | null | undefined;
  allowInsecureRequests?: boolean | undefined;
}

/**
 * A credential's secret-carrying endpoints must be https (or loopback http) and its user agent
 * sendable as a header: a mistake is a typed error at construction, never a retried network error.
 *
 * @throws {ConfigurationError} a field that is not a URL, or a `userAgent` with CR/LF.
 * @throws {InsecureEndpointError} a plain-http endpoint on a non-loopback host.
 */
export function checkCredentialEndpoints(options: CredentialEndpointOptions): void {
  const check = { allowInsecureRequests: options.allowInsecureRequests };
  assertSecureEndpoint('tokenUri', options.tokenUri, check);
  assertSecureEndpoint('revokeUri', options.revokeUri, check);
  assertSecureEndpoint('tokenInfoUri', options.tokenInfoUri, check);
  assertHeaderValue('userAgent', options.userAgent);
}

/** The endpoint and header options of a web-server/device flow, checked at construction. */
export interface FlowEndpointOptions extends CredentialEndpointOptions {
  authUri?: string | undefined;
  deviceUri?: string | undefined;
  redirectUri?: string | undefined;
  authorizationHeader?: string | undefined;
}

/**
 * {@link checkCredentialEndpoints} plus the flow's own: `authUri` and `deviceUri` https (or
 * loopback http), a `redirectUri` without a fragment (RFC 6749 §3.1.2), a sendable
 * `authorizationHeader`.
 *
 * @throws {ConfigurationError} / {InsecureEndpointError} naming the field.
 */
export function checkFlowEndpoints(options: FlowEndpointOptions): void {
  checkCredentialEndpoints(options);
  const check = { allowInsecureRequests: options.allowInsecureRequests };
  assertSecureEndpoint('authUri', options.authUri, check);
  assertSecureEndpoint('deviceUri', options.deviceUri, check);
  checkRedirectUri(options.redirectUri);
  assertHeaderValue('authorizationHeader', options.authorizationHeader);
}

/**
 * RFC 6749 §3.1.2: "The endpoint URI MUST NOT include a fragment component." Custom schemes and
 * the legacy out-of-band URN are accepted; they are the provider's to refuse.
 *
 * @throws {ConfigurationError} `field: 'redirectUri'`.
 */
export function checkRedirectUri(redirectUri: string | undefined): void {
  if (redirectUri === undefined) return;
  if (redirectUri.includes('#')) {
    throw new ConfigurationError(
      'redirectUri must not contain a fragment (#...), RFC 6749 §3.1.2; register and use the URI without it.',
      { field: 'redirectUri' },
    );
  }
  assertHeaderValue('redirectUri', redirectUri);
}

import { ConfigurationError, InsecureEndpointError } from '../errors.js';

/** Options of {@link assertSecureEndpoint}. */
export interface EndpointCheckOptions {
  /**
   * Accept plain `http:` on any host (oauth4webapi's `allowInsecureRequests`). Only for a test
   * server you control: tokens and client secrets then cross the network in clear text.
   */
  allowInsecureRequests?: boolean | undefined;
}

const IPV4_LOOPBACK = /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/;

/** Whether a URL host name is loopback: 127.0.0.0/8, `[::1]` or `localhost`. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  return host === 'localhost' || host === '[::1]' || IPV4_LOOPBACK.test(host);
}

/** Whether `value` is an `https:` URL, or an `http:` one on a loopback host. */
export function isSecureOrLoopbackUrl(value: string | URL): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  if (url.protocol === 'https:') return true;
  return url.protocol === 'http:' && isLoopbackHost(url.hostname);
}

/**
 * Refuse an endpoint that will carry secrets unless it is `https:` or loopback `http:`, at
 * construction time, with a typed error naming the option. `null`/`undefined` pass (not set).
 *
 * @throws {ConfigurationError} `value` is not an absolute `http(s):` URL.
 * @throws {InsecureEndpointError} plain `http:` to a non-loopback host without the opt-in.
 * @example
 * assertSecureEndpoint('tokenUri', options.tokenUri, options);
 */
export function assertSecureEndpoint(
  field: string,
  value: string | URL | null | undefined,
  options: EndpointCheckOptions = {},
): void {
  if (value === null || value === undefined) return;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigurationError(
      `${field} is not an absolute URL; give the full endpoint, e.g. https://auth.example.com/token.`,
      { field },
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new ConfigurationError(`${field} must be an https: URL (it is ${url.protocol}).`, {
      field,
    });
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname) && !options.allowInsecureRequests) {
    throw new InsecureEndpointError(
      `${field} uses plain http: to ${url.host}, which would send secrets in clear text. Use ` +
        'https:, or http: on a loopback host (127.0.0.1, [::1], localhost); pass ' +
        'allowInsecureRequests: true only for a test server you control.',
      { field },
    );
  }
}

/**
 * Refuse a header value that cannot be sent as is: CR, LF or NUL (a header injection) or other
 * control characters, at once, as a configuration mistake rather than a network failure.
 *
 * @throws {ConfigurationError} naming `field`.
 * @example
 * assertHeaderValue('userAgent', options.userAgent);
 */
export function assertHeaderValue(field: string, value: string | null | undefined): void {
  if (value === null || value === undefined) return;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing them is the point
  if (/[\u0000-\u0008\u000a-\u001f\u007f]/.test(value)) {
    throw new ConfigurationError(
      `${field} contains a control character (CR, LF or NUL) and cannot be sent in an HTTP header; remove it.`,
      { field },
    );
  }
}

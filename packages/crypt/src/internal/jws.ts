import { parseJson, parseJsonObject } from '@oauth2/core';
import type * as JoseErrors from 'jose/errors';
import { AppIdentityError } from '../errors.js';

/**
 * The checks on a compact JWS that jose does not make, and the mapping of jose's errors to our
 * codes. jose does the rest: base64url, the header JSON, `crit`, the `alg` allow-list, the
 * algorithm/key match and the signature.
 */

export function malformed(message: string): AppIdentityError {
  return new AppIdentityError(message, { code: 'jwt_malformed' });
}

function algNotAllowed(algorithms: readonly string[]): AppIdentityError {
  return new AppIdentityError(
    `The token's alg is not allowed (allowed: ${algorithms.join(', ')}).`,
    { code: 'alg_not_allowed' },
  );
}

/** We support no JWS extension; jose would accept `crit: ["b64"]` (RFC 7797). */
export const CRIT_NOT_SUPPORTED = 'The token has "crit" header parameters; none are supported.';

/** Three non-empty base64url segments, no padding: the shape of every well-formed token. */
const COMPACT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
const B64URL = /^[A-Za-z0-9_-]+$/;

function isBase64url(segment: string): boolean {
  return segment.length % 4 !== 1 && B64URL.test(segment);
}

/**
 * A header segment decoded as strict UTF-8 JSON, or `undefined` when it is not a JSON object.
 * Ours rather than jose's `decodeProtectedHeader`, which @oauth2/crypt would otherwise load at
 * import.
 */
function parseHeader(segment: string): Record<string, unknown> | undefined {
  try {
    const value = parseJson(UTF8.decode(Buffer.from(segment, 'base64url')));
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The precise reason jose (or the shape check) refused a token, re-derived on the error path in
 * oauth2client's order: segment count, header, `alg`, `crit`, then the other segments.
 */
function diagnose(token: string, algorithms: readonly string[]): AppIdentityError {
  const segments = token.split('.');
  if (segments.length !== 3) return malformed('Wrong number of segments in token.');
  const [header = '', payload = '', signature = ''] = segments;
  if (!isBase64url(header)) return malformed('The token header is not base64url.');
  const parsed = parseHeader(header);
  if (parsed === undefined) return malformed('The token header is not a JSON object.');
  if (typeof parsed.alg !== 'string' || !algorithms.includes(parsed.alg)) {
    return algNotAllowed(algorithms); // e.g. alg none with an empty signature
  }
  if (parsed.crit !== undefined) return malformed(CRIT_NOT_SUPPORTED);
  if (!isBase64url(payload)) return malformed('The token payload is not base64url.');
  if (!isBase64url(signature)) return malformed('The token signature is not base64url.');
  return malformed('The token is not a compact JWS.');
}

/**
 * The token as a string once it passed the checks jose does not make before it needs a key: a
 * size cap, and strict base64url (on Node 20 jose decodes with the forgiving `atob`, which accepts
 * padding and whitespace, and it decodes the signature after resolving the key and the payload
 * after checking the signature).
 *
 * @throws {AppIdentityError} `jwt_malformed`, or `alg_not_allowed` for a badly shaped `alg: none` token.
 */
export function compactToken(
  token: string | Uint8Array,
  algorithms: readonly string[],
  maxTokenBytes: number,
): string {
  if (typeof token !== 'string') {
    if (!(token instanceof Uint8Array)) throw malformed('The token is not a string.');
    if (token.byteLength > maxTokenBytes) {
      throw malformed(`The token is larger than ${maxTokenBytes} bytes.`);
    }
    token = Buffer.from(token).toString('latin1');
  }
  if (token.length > maxTokenBytes) {
    throw malformed(`The token is larger than ${maxTokenBytes} bytes.`);
  }
  if (!COMPACT.test(token)) throw diagnose(token, algorithms);
  // A segment length no base64url has: refused here, before jose asks for keys (a cert fetch)
  // or, for the payload, before it checks the signature.
  const first = token.indexOf('.');
  const second = token.indexOf('.', first + 1);
  if (first % 4 === 1 || (second - first - 1) % 4 === 1 || (token.length - second - 1) % 4 === 1) {
    throw diagnose(token, algorithms);
  }
  return token;
}

/**
 * The `alg` and `kid` of a token that passed {@link compactToken}, read before any key is looked
 * up: a header that is not a JSON object, an `alg` outside `algorithms` and any `crit` are refused
 * here, so such a token never causes a cert fetch. jose parses the header again when it verifies
 * (its parse is no stricter than this one: same strict UTF-8, same JSON).
 *
 * @throws {AppIdentityError} `jwt_malformed` or `alg_not_allowed`, with the message `diagnose` gives.
 */
export function readHeader(
  token: string,
  algorithms: readonly string[],
): { alg: string; kid: string | undefined } {
  const header = parseHeader(token.slice(0, token.indexOf('.')));
  if (
    header === undefined ||
    typeof header.alg !== 'string' ||
    !algorithms.includes(header.alg) ||
    header.crit !== undefined
  ) {
    throw diagnose(token, algorithms);
  }
  return { alg: header.alg, kid: typeof header.kid === 'string' ? header.kid : undefined };
}

/**
 * Whether jose rejected the signature itself (so another candidate key may still verify it).
 * `errors` is `jose/errors`, loaded with jose's verify module (see `loadJoseVerify`).
 */
export function isSignatureFailure(err: unknown, errors: typeof JoseErrors): boolean {
  return err instanceof errors.JWSSignatureVerificationFailed;
}

/**
 * Our error for what `compactVerify` threw. Ours (from the key resolver: `no_matching_key`,
 * `key_unsupported`, `jwt_malformed`, or a `CertFetchError`) pass through; jose's map by `code`.
 * Nothing of the token goes into the message.
 */
export function fromJoseError(
  err: unknown,
  token: string,
  algorithms: readonly string[],
  errors: typeof JoseErrors,
): unknown {
  if (!(err instanceof errors.JOSEError)) return err;
  switch (err.code) {
    case errors.JWSSignatureVerificationFailed.code:
      return new AppIdentityError('Invalid token signature.', { code: 'signature_invalid' });
    case errors.JOSEAlgNotAllowed.code:
      return algNotAllowed(algorithms);
    default: // JWSInvalid, JOSENotSupported (an unknown `crit` extension)
      return diagnose(token, algorithms);
  }
}

/** Strict UTF-8: invalid bytes fail instead of turning into U+FFFD (adversarial J8). */
const UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The claims of a verified JWS payload, and the payload as text (what the verified-token cache
 * keeps).
 *
 * @throws {AppIdentityError} `jwt_malformed` when it is not UTF-8 JSON of an object.
 */
export function decodePayload(payload: Uint8Array): {
  claims: Record<string, unknown>;
  text: string;
} {
  const notAnObject = () => malformed("Can't parse token: the payload is not a JSON object.");
  let text: string;
  try {
    text = UTF8.decode(payload);
  } catch {
    throw notAnObject();
  }
  return { claims: parseJsonObject(text, notAnObject), text };
}

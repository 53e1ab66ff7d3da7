import { VerifyJwtTokenError } from '../errors.js';
import { isJsonObject, parseJson } from '../wire/parse-json.js';

/**
 * Decode the payload of a JWT WITHOUT verifying its signature, as oauth2client's
 * `_extract_id_token` does for an ID token received directly from the token endpoint over TLS
 * (OpenID Connect Core §3.1.3.7 allows skipping verification there). Never use it on a token
 * that came from anywhere else: verify with `@oauth2/crypt` instead.
 *
 * @throws {VerifyJwtTokenError} not three segments, or a payload that is not a JSON object.
 */
export function decodeIdTokenPayloadUnverified(jwt: string): Record<string, unknown> {
  const segments = jwt.split('.');
  if (segments.length !== 3) {
    throw new VerifyJwtTokenError(
      `Wrong number of segments in the ID token: ${segments.length} (a JWT has 3). Check the token endpoint's id_token.`,
    );
  }
  let payload: unknown;
  try {
    payload = parseJson(Buffer.from(segments[1] ?? '', 'base64url').toString('utf8'));
  } catch (err) {
    throw new VerifyJwtTokenError('The ID token payload is not valid base64url JSON.', {
      cause: scrub(err),
    });
  }
  if (!isJsonObject(payload)) {
    throw new VerifyJwtTokenError('The ID token payload is not a JSON object.');
  }
  return payload;
}

/** Short alias matching the contract name. Same function: no verification. */
export const decodeIdTokenPayload = decodeIdTokenPayloadUnverified;

/** A JSON.parse error message can quote the input: keep only its class. */
function scrub(err: unknown): Error {
  return new Error(err instanceof Error ? err.name : 'Error');
}

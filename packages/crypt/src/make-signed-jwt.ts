import { pythonJsonDumps } from '@oauth2/core';
import { CompactSign } from 'jose/jws/compact/sign';
import type { Signer } from './signer.js';

/** Options of {@link makeSignedJwt}. */
export interface MakeSignedJwtOptions {
  /** Adds `"kid": keyId` to the header (4.x `make_signed_jwt(signer, payload, key_id)`). */
  keyId?: string | undefined;
  /**
   * The exact protected header, in the order to serialize it, instead of the default
   * `{"typ":"JWT","alg":<signer's>[, "kid"]}`. Its `alg` must be the signer's. Only needed to
   * reproduce a legacy header byte for byte (1.5.2 `_ServiceAccountCredentials` wrote
   * `{"alg":"RS256","typ":"JWT","kid":...}`).
   */
  header?: Readonly<Record<string, unknown>> | undefined;
}

/**
 * Sign a JWT. Port of `oauth2client.crypt.make_signed_jwt`: header `{"typ":"JWT","alg":"RS256"}`
 * (plus `kid`), payload as Python's `json.dumps(payload, separators=(',', ':'))` writes it
 * (insertion order, non-ASCII and DEL escaped, Python's float layout), base64url without padding. RS256 is deterministic, so the output is
 * byte-identical to oauth2client's for the same key and payload.
 *
 * @param signer - the private key ({@link Signer.fromString}).
 * @param payload - the claims, serialized in their insertion order.
 * @throws {TypeError} `header.alg` differs from the signer's algorithm.
 * @example
 * const now = Math.floor(Date.now() / 1000);
 * const jwt = await makeSignedJwt(signer, { iss: email, aud: tokenUri, iat: now, exp: now + 3600 });
 */
export async function makeSignedJwt(
  signer: Signer,
  payload: Readonly<Record<string, unknown>>,
  options: MakeSignedJwtOptions = {},
): Promise<string> {
  let header: Record<string, unknown>;
  if (options.header) {
    if (options.header.alg !== signer.algorithm) {
      throw new TypeError(`header.alg must be the signer's algorithm, ${signer.algorithm}.`);
    }
    header = { ...options.header };
  } else {
    header = { typ: 'JWT', alg: signer.algorithm };
    if (options.keyId !== undefined) header.kid = options.keyId;
  }
  const body = Buffer.from(pythonJsonDumps(payload, { separators: [',', ':'] }), 'utf8');
  return new CompactSign(body).setProtectedHeader(header as { alg: string }).sign(signer.keyObject);
}

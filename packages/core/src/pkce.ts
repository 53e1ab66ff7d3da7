import { OAuth2Error } from './errors.js';

/** A PKCE verifier and its S256 challenge (RFC 7636). */
export interface PkcePair {
  /** The secret kept by the client until the code exchange; 43-128 unreserved characters. */
  codeVerifier: string;
  /** `BASE64URL(SHA256(codeVerifier))`, 43 characters, sent in the authorization URL. */
  codeChallenge: string;
  /** Always `S256`: `plain` is never emitted. */
  codeChallengeMethod: 'S256';
}

/** RFC 7636 §4.1: `code-verifier = 43*128unreserved`. */
const VERIFIER_PATTERN = /^[A-Za-z0-9\-._~]{43,128}$/;

/**
 * Generate a PKCE code verifier: `byteLength` bytes from the CSPRNG, base64url without padding.
 * The default 32 bytes (256 bits) gives 43 characters, the minimum RFC 7636 allows.
 *
 * @param byteLength - random bytes to encode, 32 to 96 (43 to 128 characters).
 * @throws {OAuth2Error} `code: 'invalid_argument'` when `byteLength` is outside 32..96.
 * @example
 * const verifier = generateCodeVerifier(); // 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk'-like
 */
export function generateCodeVerifier(byteLength = 32): string {
  if (!Number.isInteger(byteLength) || byteLength < 32 || byteLength > 96) {
    throw new OAuth2Error(
      'PKCE verifier length must be 32 to 96 random bytes (43 to 128 characters).',
      {
        code: 'invalid_argument',
      },
    );
  }
  // node:crypto is loaded on first use, not when core is imported.
  return process.getBuiltinModule('node:crypto').randomBytes(byteLength).toString('base64url');
}

/**
 * The S256 code challenge of a verifier: `BASE64URL(SHA256(ASCII(verifier)))` without padding.
 *
 * @throws {OAuth2Error} `code: 'invalid_argument'` when the verifier is not 43-128 characters
 *   of `[A-Za-z0-9-._~]` (the message never repeats the verifier).
 * @example
 * codeChallengeS256('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk');
 * // 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM'
 */
export function codeChallengeS256(codeVerifier: string): string {
  assertCodeVerifier(codeVerifier);
  return process
    .getBuiltinModule('node:crypto')
    .createHash('sha256')
    .update(codeVerifier, 'ascii')
    .digest('base64url');
}

/**
 * A fresh verifier with its S256 challenge.
 *
 * @example
 * const { codeVerifier, codeChallenge } = createPkcePair();
 */
export function createPkcePair(): PkcePair {
  const codeVerifier = generateCodeVerifier();
  return {
    codeVerifier,
    codeChallenge: codeChallengeS256(codeVerifier),
    codeChallengeMethod: 'S256',
  };
}

/**
 * Check a caller-supplied verifier against RFC 7636 §4.1.
 *
 * @throws {OAuth2Error} `code: 'invalid_argument'` for a malformed verifier.
 */
export function assertCodeVerifier(codeVerifier: unknown): asserts codeVerifier is string {
  if (typeof codeVerifier !== 'string' || !VERIFIER_PATTERN.test(codeVerifier)) {
    throw new OAuth2Error(
      'A PKCE code verifier must be 43 to 128 characters of A-Z, a-z, 0-9, "-", ".", "_" or "~".',
      { code: 'invalid_argument' },
    );
  }
}

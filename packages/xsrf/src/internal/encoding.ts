// Byte layouts of the two token modes. Both share the outer layout of oauth2client's xsrfutil:
//
//   token = urlsafe_base64_with_padding(digest || ":" || decimal(time))
//
// Only the MAC input differs:
//   'oauth2client': HMAC-MD5(key, user || ":" || action || ":" || time)   (spec §13.1, bit for bit)
//   'default':      HMAC-SHA256(key, lp(TAG) || lp(user) || lp(action) || lp(time))
// where lp(x) = uint32_be(byte length of x) || x. Length prefixes make the field boundaries
// unambiguous, so user "a:b" + action "c" and user "a" + action "b:c" sign different bytes
// (in the compatibility layout both are "a:b:c:<time>"). TAG separates these MACs from anything
// else an application might sign with the same key, and versions the layout.

import { Buffer } from 'node:buffer';

/** Domain-separation tag and layout version of the default mode. */
const DEFAULT_MODE_TAG = Buffer.from('@oauth2/xsrf v1', 'utf8');
const COLON = 0x3a;
const COLON_BYTES = Buffer.from([COLON]);

/** The longest decimal time a token can carry: `Number.MAX_SAFE_INTEGER` has 16 digits. */
export const MAX_TIME_DIGITS = 16;

/** Byte layout of one mode: which HMAC and how its input is framed. */
export interface TokenLayout {
  readonly hash: 'sha256' | 'md5';
  /** Digest length in bytes (the fixed-size prefix of the decoded token). */
  readonly digestLength: number;
  /** Longest well-formed token in characters; anything longer is rejected before decoding. */
  readonly maxTokenLength: number;
  /** The bytes to MAC. */
  message(user: Buffer, action: Buffer, time: Buffer): Buffer;
}

function maxTokenLength(digestLength: number): number {
  return 4 * Math.ceil((digestLength + 1 + MAX_TIME_DIGITS) / 3);
}

function lengthPrefixed(fields: readonly Buffer[]): Buffer {
  let size = 0;
  for (const f of fields) size += 4 + f.length;
  const out = Buffer.allocUnsafe(size);
  let at = 0;
  for (const f of fields) {
    at = out.writeUInt32BE(f.length, at);
    at += f.copy(out, at);
  }
  return out;
}

/** HMAC-SHA256 over length-prefixed fields (our default). */
export const defaultLayout: TokenLayout = {
  hash: 'sha256',
  digestLength: 32,
  maxTokenLength: maxTokenLength(32),
  message: (user, action, time) => lengthPrefixed([DEFAULT_MODE_TAG, user, action, time]),
};

/** HMAC-MD5 over `user:action:time`, exactly as oauth2client's xsrfutil. */
export const oauth2clientLayout: TokenLayout = {
  hash: 'md5',
  digestLength: 16,
  maxTokenLength: maxTokenLength(16),
  message: (user, action, time) => Buffer.concat([user, COLON_BYTES, action, COLON_BYTES, time]),
};

/** Python's `base64.urlsafe_b64encode` of `digest + b':' + time`: `-_` alphabet, `=` padding kept. */
export function encodeToken(digest: Buffer, time: Buffer): string {
  const raw = Buffer.concat([digest, COLON_BYTES, time]);
  const unpadded = raw.toString('base64url');
  return unpadded + '='.repeat((4 - (unpadded.length % 4)) % 4);
}

const TOKEN_SHAPE = /^[A-Za-z0-9_-]+={0,2}$/;
const TIME_SHAPE = /^(?:0|[1-9][0-9]*)$/;

/**
 * The issue time (epoch seconds) a token claims, or `undefined` when the token is not shaped
 * like one of this layout's tokens. Never throws. Checks the length before looking at the
 * characters, so oversized input costs nothing. Only canonical encodings can pass the final
 * comparison anyway (the token is compared with a freshly generated one), so this parser may be
 * strict: it reads the time at the fixed offset after the digest, where Python splits at the
 * last ':'; both agree on every token the generator can produce.
 */
export function readTokenTime(token: string, layout: TokenLayout): number | undefined {
  if (token.length === 0 || token.length > layout.maxTokenLength || token.length % 4 !== 0) {
    return undefined;
  }
  if (!TOKEN_SHAPE.test(token)) return undefined;
  const raw = Buffer.from(token, 'base64url');
  if (raw.length < layout.digestLength + 2 || raw[layout.digestLength] !== COLON) return undefined;
  const digits = raw.subarray(layout.digestLength + 1).toString('latin1');
  if (digits.length > MAX_TIME_DIGITS || !TIME_SHAPE.test(digits)) return undefined;
  const time = Number(digits);
  return Number.isSafeInteger(time) ? time : undefined;
}

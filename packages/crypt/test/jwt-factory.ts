import { createHmac, type KeyObject, sign } from 'node:crypto';

const b64 = (value: unknown): string =>
  Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

/** Build a compact JWS by hand, so tests can forge headers our signer would never write. */
export function forgeJwt(
  header: Record<string, unknown>,
  payload: unknown,
  signWith:
    | { rsa: KeyObject }
    | { ec: KeyObject }
    | { hmac: string | Buffer }
    | { raw: Buffer }
    | 'none',
): string {
  const input = `${b64(header)}.${b64(payload)}`;
  let signature: Buffer;
  if (signWith === 'none') signature = Buffer.alloc(0);
  else if ('rsa' in signWith) signature = sign('sha256', Buffer.from(input), signWith.rsa);
  else if ('ec' in signWith)
    signature = sign('sha256', Buffer.from(input), { key: signWith.ec, dsaEncoding: 'ieee-p1363' });
  else if ('hmac' in signWith)
    signature = createHmac('sha256', signWith.hmac).update(input).digest();
  else signature = signWith.raw;
  return `${input}.${signature.toString('base64url')}`;
}

/** Flip one bit of the signature segment's first byte. */
export function flipSignatureBit(jwt: string): string {
  const [h, p, s] = jwt.split('.');
  const sig = Buffer.from(s ?? '', 'base64url');
  sig[0] = (sig[0] ?? 0) ^ 1;
  return `${h}.${p}.${sig.toString('base64url')}`;
}

/** Claims valid at `nowSec`, Google-shaped. */
export function googleClaims(
  nowSec: number,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    iss: 'https://accounts.google.com',
    azp: 'client-1.apps.googleusercontent.com',
    aud: 'client-1.apps.googleusercontent.com',
    sub: '110169484474386276334',
    email: 'user@example.com',
    email_verified: true,
    iat: nowSec,
    exp: nowSec + 3600,
    ...extra,
  };
}

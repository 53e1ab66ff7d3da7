import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { CredentialsCorruptError } from '../errors.js';

/** A 32-byte AES-256 key: raw bytes, or their base64/base64url text. */
export type SealingKey = Uint8Array | string;

const PREFIX = 'oauth2-sealed:v1:';
const IV_BYTES = 12;
const TAG_BYTES = 16;

interface PreparedKey {
  id: string;
  key: Buffer;
}

function prepare(key: SealingKey, index: number): PreparedKey {
  const bytes = typeof key === 'string' ? Buffer.from(key, 'base64') : Buffer.from(key);
  if (bytes.length !== 32) {
    throw new TypeError(
      `Sealing key #${index} is ${bytes.length} bytes; AES-256-GCM needs exactly 32 (generate one with: openssl rand -base64 32).`,
    );
  }
  // The id names the key without revealing it, so a value sealed under an older key finds it.
  const id = createHash('sha256').update(bytes).digest('base64url').slice(0, 8);
  return { id, key: bytes };
}

/**
 * Seals credential JSON at rest with AES-256-GCM, for stores outside the machine (Redis,
 * PostgreSQL). The first key seals; every key unseals, so keys rotate by putting a new one first.
 * The `context` (e.g. the store key) is authenticated too: a value copied to another key fails.
 *
 * @example
 * const sealer = new CredentialSealer([process.env.OAUTH2_SEALING_KEY!]);
 * const stored = sealer.seal(credentials.toJson(), 'user:42');
 * const json = sealer.unseal(stored, 'user:42'); // throws CredentialsCorruptError if tampered
 */
export class CredentialSealer {
  readonly #keys: PreparedKey[];

  /** @throws {TypeError} when no key is given or a key is not 32 bytes. */
  constructor(keys: readonly SealingKey[]) {
    if (keys.length === 0) throw new TypeError('CredentialSealer needs at least one 32-byte key.');
    this.#keys = keys.map(prepare);
  }

  /** True when `value` looks like the output of {@link seal} (so plain JSON can be migrated). */
  static isSealed(value: string): boolean {
    return value.startsWith(PREFIX);
  }

  /** Seal `plaintext` under the first key; `context` is bound to the result. */
  seal(plaintext: string, context = ''): string {
    const { id, key } = this.#keys[0] as PreparedKey;
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const body = Buffer.concat([
      cipher.update(plaintext, 'utf8'),
      cipher.final(),
      cipher.getAuthTag(),
    ]);
    return `${PREFIX}${id}.${iv.toString('base64url')}.${body.toString('base64url')}`;
  }

  /**
   * Open a sealed value.
   *
   * @throws {CredentialsCorruptError} when the value is not sealed, was sealed under a key not
   * given here, was sealed for another `context`, or was altered. `location` names `where`.
   */
  unseal(value: string, context = '', where?: string): string {
    const corrupt = (why: string) =>
      new CredentialsCorruptError(
        `The sealed credential${where ? ` at ${where}` : ''} ${why}. Check the sealing keys (the key that sealed it must be in the list), or delete the entry and log in again.`,
        where === undefined ? {} : { location: where },
      );
    if (!value.startsWith(PREFIX)) throw corrupt('is not a sealed value');
    const [id, ivText, bodyText, extra] = value.slice(PREFIX.length).split('.');
    if (id === undefined || ivText === undefined || bodyText === undefined || extra !== undefined) {
      throw corrupt('is malformed');
    }
    const entry = this.#keys.find((k) => k.id === id);
    if (!entry) throw corrupt('was sealed with a key that is not configured');
    const iv = Buffer.from(ivText, 'base64url');
    const body = Buffer.from(bodyText, 'base64url');
    if (iv.length !== IV_BYTES || body.length < TAG_BYTES) throw corrupt('is malformed');
    try {
      const decipher = createDecipheriv('aes-256-gcm', entry.key, iv);
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
      const out = Buffer.concat([
        decipher.update(body.subarray(0, body.length - TAG_BYTES)),
        decipher.final(),
      ]);
      return out.toString('utf8');
    } catch {
      throw corrupt('failed authentication (tampered, or sealed for another key)');
    }
  }
}

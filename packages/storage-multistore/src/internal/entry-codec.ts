import {
  type CredentialsRuntimeOptions,
  type OAuth2Credentials,
  OAuth2Error,
  storedCredentialsFromJson,
} from '@oauth2/core';
import { MultistoreEntryCorruptError, MultistoreKeyError } from '../errors.js';
import type { MultistoreKey } from '../multistore-key.js';
import type { StoreEntry } from './store-format.js';

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * Rebuild the credential of one entry.
 *
 * @throws {MultistoreEntryCorruptError} the entry cannot be decoded; the message names the file
 *   and the key, never the entry's content.
 */
export function decodeEntry(
  entry: StoreEntry & { key: MultistoreKey },
  version: 1 | 2,
  path: string,
  options: CredentialsRuntimeOptions,
): OAuth2Credentials {
  const fail = (why: string) =>
    new MultistoreEntryCorruptError(
      `The entry ${JSON.stringify(entry.key)} of ${path} is corrupt (${why}). The other entries ` +
        'are fine; put a credential under this key again to replace it.',
      { location: path, key: entry.key },
    );
  let json: string | object;
  if (version === 1) {
    const credential = (entry.raw as { credential?: unknown }).credential;
    if (credential === null || typeof credential !== 'object' || Array.isArray(credential)) {
      throw fail('no credential object');
    }
    // A copy: the parsed entry is cached between reads (v1-layout.ts), and a credential may keep
    // references into what it was built from (its token_response).
    json = structuredClone(credential);
  } else {
    if (typeof entry.raw !== 'string' || !BASE64.test(entry.raw)) throw fail('not base64');
    try {
      json = new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(entry.raw, 'base64'));
    } catch {
      throw fail('not UTF-8 text');
    }
  }
  try {
    return storedCredentialsFromJson(json, options);
  } catch (err) {
    // Only the error's code: its message or cause may quote the entry (a `_class` name...).
    throw fail(err instanceof OAuth2Error ? err.code : 'not a credential');
  }
}

/**
 * The raw file form of a credential under `key`.
 *
 * @throws {MultistoreKeyError} a version 2 file holds only `{ key: string }` keys.
 */
export function encodeEntry(
  key: MultistoreKey,
  credentials: OAuth2Credentials,
  version: 1 | 2,
): unknown {
  const json = credentials.toJson();
  if (version === 1) return { credential: JSON.parse(json) as unknown, key };
  if (Object.keys(key).length !== 1 || typeof key.key !== 'string') {
    throw new MultistoreKeyError(
      'This file is in the oauth2client 4.x format (file_version 2), which only holds string ' +
        'keys: use getCredentialStorageCustomStringKey, or another file.',
    );
  }
  return Buffer.from(json, 'utf8').toString('base64');
}

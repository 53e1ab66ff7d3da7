import { isUtf8 } from 'node:buffer';
import { CredentialsCorruptError, NewerCredentialStoreError, parseJson } from '@oauth2/core';
import { pythonJsonDumps } from '@oauth2/core/fs';
import type { MultistoreKey } from '../multistore-key.js';
import { canonicalKey, isMultistoreKey } from './canonical-key.js';
import { joinV1, splitV1, type V1Entry } from './v1-layout.js';

/**
 * One entry of the file. `raw` is exactly what the file holds for it (a v1 `{credential, key}`
 * object, or a v2 base64 string) and is written back untouched unless the entry is changed, so
 * entries we cannot decode, and fields we do not know, survive every rewrite.
 */
export interface StoreEntry {
  /** The entry's key, when it is a usable key. */
  key: MultistoreKey | undefined;
  /** `canonicalKey(key)`. */
  canonical: string | undefined;
  raw: unknown;
  /** The entry's exact bytes in a version 1 file, once read from one or written to one. */
  bytes?: Buffer | undefined;
}

/** A parsed multistore file. */
export interface StoreData {
  /** 1: oauth2client 1.5.2 `multistore_file`; 2: 4.x `multiprocess_file_storage`. */
  version: 1 | 2;
  entries: StoreEntry[];
  /** Top-level keys other than the format's own, kept as they are. */
  extra: Record<string, unknown>;
}

/** An empty store in the 1.5.2 format (what new files use). */
export function emptyStore(): StoreData {
  return { version: 1, entries: [], extra: {} };
}

const corrupt = (path: string, why: string): CredentialsCorruptError =>
  new CredentialsCorruptError(
    `The multistore file ${path} is corrupt (${why}). It was left as it is: move it aside, or ` +
      'pass { repair: true } to keep it as <file>.corrupt-<timestamp> and start afresh.',
    { location: path },
  );

/**
 * Parse the bytes of a multistore file. An empty file is an empty store (oauth2client creates
 * one before its first write). Anything else that is not a v1 or v2 store fails closed. A v1 file
 * in the canonical layout is read entry by entry, reusing the entries of `previous` (the last
 * read or write) whose bytes have not changed.
 *
 * @throws {CredentialsCorruptError} not JSON, not an object, or an unknown layout.
 * @throws {NewerCredentialStoreError} `file_version` is above 2.
 */
export function parseStore(
  bytes: Buffer,
  path: string,
  previous: readonly V1Entry[] = [],
): StoreData {
  if (bytes.length === 0) return emptyStore();
  if (!isUtf8(bytes)) throw corrupt(path, 'not UTF-8 text');
  const canonical = splitV1(bytes, previous);
  if (canonical !== undefined) return { version: 1, entries: dedupe(canonical), extra: {} };
  let data: unknown;
  try {
    data = parseJson(bytes.toString('utf8'));
  } catch {
    throw corrupt(path, 'not valid JSON, or nested too deep');
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw corrupt(path, 'not a JSON object');
  }
  const {
    file_version: version,
    data: v1,
    credentials: v2,
    ...extra
  } = data as Record<string, unknown>;
  if (version === 2) {
    if (v1 !== undefined) extra.data = v1;
    return { version: 2, entries: parseV2(v2, path), extra };
  }
  if (version === 1 || (version === undefined && Array.isArray(v1))) {
    // oauth2client 1.5.2 read a file without file_version as version 1 ("Missing version").
    if (v2 !== undefined) extra.credentials = v2;
    return { version: 1, entries: parseV1(v1, path), extra };
  }
  if (typeof version === 'number' && Number.isInteger(version) && version > 2) {
    throw new NewerCredentialStoreError(
      `Credential file has file_version of ${version}. Only file_version of 1 and 2 are ` +
        `supported: ${path} was written by a newer program; upgrade @oauth2/storage-multistore.`,
    );
  }
  throw corrupt(path, version === undefined ? 'no file_version' : 'unknown file_version');
}

function parseV1(data: unknown, path: string): StoreEntry[] {
  if (data === undefined) return [];
  if (!Array.isArray(data)) throw corrupt(path, '"data" is not a list');
  return dedupe(
    data.map((raw: unknown) => {
      const key =
        raw !== null && typeof raw === 'object' ? (raw as { key?: unknown }).key : undefined;
      return isMultistoreKey(key)
        ? { key, canonical: canonicalKey(key), raw }
        : { key: undefined, canonical: undefined, raw };
    }),
  );
}

function parseV2(credentials: unknown, path: string): StoreEntry[] {
  if (credentials === undefined) return [];
  if (credentials === null || typeof credentials !== 'object' || Array.isArray(credentials)) {
    throw corrupt(path, '"credentials" is not an object');
  }
  return Object.entries(credentials).map(([name, raw]) => {
    const key = { key: name };
    return { key, canonical: canonicalKey(key), raw };
  });
}

/** A key listed twice: the later value wins at the earlier position (a Python dict's rule). */
function dedupe(entries: StoreEntry[]): StoreEntry[] {
  const out: StoreEntry[] = [];
  const at = new Map<string, number>();
  for (const entry of entries) {
    const i = entry.canonical === undefined ? undefined : at.get(entry.canonical);
    if (i === undefined) {
      if (entry.canonical !== undefined) at.set(entry.canonical, out.length);
      out.push(entry);
    } else {
      out[i] = entry;
    }
  }
  return out;
}

/**
 * The file's bytes. Version 1 is oauth2client 1.5.2's `json.dump(sort_keys=True, indent=2,
 * separators=(',', ': '))`; version 2 is 4.x's plain `json.dump` of `{file_version,
 * credentials}`, in insertion order.
 */
export function serializeStore(store: StoreData): string | Buffer {
  if (store.version === 1) {
    if (Object.keys(store.extra).length === 0) return joinV1(store.entries);
    return pythonJsonDumps(
      { ...store.extra, data: store.entries.map((e) => e.raw), file_version: 1 },
      { indent: 2, sortKeys: true },
    );
  }
  // Built by hand: a JavaScript object would move integer-like keys ("123") to the front.
  const credentials = store.entries
    .map((e) => `${pythonJsonDumps(e.key?.key ?? '')}: ${pythonJsonDumps(e.raw)}`)
    .join(', ');
  const extra = Object.entries(store.extra)
    .map(([k, v]) => `, ${pythonJsonDumps(k)}: ${pythonJsonDumps(v)}`)
    .join('');
  return `{"file_version": 2, "credentials": {${credentials}}${extra}}`;
}

import { parseJson } from '@oauth2/core';
import { pythonJsonDumps } from '@oauth2/core/fs';
import { canonicalKey, isMultistoreKey } from './canonical-key.js';
import type { StoreEntry } from './store-format.js';

// The exact bytes oauth2client 1.5.2 (json.dump, sort_keys, indent=2) and we write for a version 1
// file with no other top-level keys: each entry is an object at depth 2, opening with a line
// `    {` and closing with a line `    }`. A raw newline cannot occur inside a JSON string, so these
// lines are structure; a piece cut at the wrong place has unbalanced braces and fails to parse.
const HEAD = Buffer.from('{\n  "data": [\n');
const TAIL = Buffer.from('\n  ],\n  "file_version": 1\n}');
const EMPTY = Buffer.from('{\n  "data": [],\n  "file_version": 1\n}');
const OPEN = Buffer.from('    {\n');
const CLOSE = Buffer.from('\n    }');
const COMMA = Buffer.from(',\n');
const BETWEEN = Buffer.concat([CLOSE, COMMA, OPEN]);

/** An entry of a version 1 file together with its exact bytes in the file. */
export type V1Entry = StoreEntry & { bytes: Buffer };

/**
 * Cut a version 1 file in the canonical layout into its entries, without decoding the file as a
 * whole: an entry whose bytes equal those of the entry at the same place in `previous` (the
 * entries last read or written, usually the same file give or take the entries other writers
 * added, replaced or removed) is reused as it is; only the others are parsed. Under contention a
 * put then costs a scan and a copy of the file instead of a parse and a re-encoding.
 *
 * @returns the entries, or `undefined` when the bytes are not in that layout (other top-level
 *   keys, another indentation, a non-object entry): the caller then parses the whole file.
 */
export function splitV1(bytes: Buffer, previous: readonly V1Entry[]): V1Entry[] | undefined {
  if (bytes.equals(EMPTY)) return [];
  const end = bytes.length - TAIL.length;
  if (end < HEAD.length + OPEN.length + CLOSE.length) return undefined;
  if (!startsWith(bytes, HEAD, 0) || !startsWith(bytes, OPEN, HEAD.length)) return undefined;
  if (!startsWith(bytes, TAIL, end) || !startsWith(bytes, CLOSE, end - CLOSE.length)) {
    return undefined;
  }
  const entries: V1Entry[] = [];
  let at = 0; // where in `previous` the entries of this read are expected to be
  let start = HEAD.length;
  while (start < end) {
    const next = bytes.indexOf(BETWEEN, start);
    const stop = next === -1 || next >= end ? end : next + CLOSE.length;
    const piece = bytes.subarray(start, stop);
    let entry: V1Entry | undefined;
    // The same entry, or the one after it when an entry in between was removed.
    for (const i of [at, at + 1]) {
      if (previous[i]?.bytes.equals(piece)) {
        entry = previous[i];
        at = i;
        break;
      }
    }
    entry ??= parseEntry(piece);
    if (entry === undefined) return undefined;
    entries.push(entry);
    at += 1;
    start = stop + COMMA.length;
  }
  return entries;
}

function startsWith(bytes: Buffer, prefix: Buffer, at: number): boolean {
  const stop = at + prefix.length;
  return at >= 0 && stop <= bytes.length && bytes.compare(prefix, 0, prefix.length, at, stop) === 0;
}

function parseEntry(piece: Buffer): V1Entry | undefined {
  let raw: unknown;
  try {
    raw = parseJson(piece.toString('utf8'));
  } catch {
    return undefined;
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return undefined;
  // A copy of the bytes: `piece` is a view of the whole file, which it would keep alive.
  const bytes = Buffer.from(piece);
  const key = (raw as { key?: unknown }).key;
  return isMultistoreKey(key)
    ? { key, canonical: canonicalKey(key), raw, bytes }
    : { key: undefined, canonical: undefined, raw, bytes };
}

/**
 * The version 1 file holding `entries` and no other top-level keys: byte for byte what
 * `pythonJsonDumps({ data, file_version: 1 }, { indent: 2, sortKeys: true })` writes, reusing the
 * bytes of each entry read from the file and encoding only the others (whose `bytes` it sets, so
 * that the next read recognises them).
 */
export function joinV1(entries: readonly StoreEntry[]): Buffer {
  if (entries.length === 0) return EMPTY;
  const parts: Buffer[] = [HEAD];
  for (const entry of entries) {
    entry.bytes ??= Buffer.from(
      pythonJsonDumps(entry.raw, { indent: 2, sortKeys: true }).replace(/^/gm, '    '),
    );
    if (parts.length > 1) parts.push(COMMA);
    parts.push(entry.bytes);
  }
  parts.push(TAIL);
  return Buffer.concat(parts);
}

import { pythonJsonDumps } from '@oauth2/core/fs';
import { describe, expect, it } from 'vitest';
import { canonicalKey } from './canonical-key.js';
import { parseStore, type StoreEntry, serializeStore } from './store-format.js';
import { joinV1, splitV1, type V1Entry } from './v1-layout.js';

const raws: unknown[] = [
  { credential: { access_token: 'a', _class: 'AccessTokenCredentials' }, key: { key: 'one' } },
  // Non-ASCII (escaped as Python does), integer-like keys, nesting, an empty object and list.
  { credential: { ü: 'snow ☃', '10': 1, '9': [], nested: { deep: {} } }, key: { b: 2, a: 'x' } },
  { credential: { token_expiry: null, scopes: ['s1', 's2'] }, key: { key: 'three' } },
];
const fresh = (raw: unknown): StoreEntry => ({ key: undefined, canonical: undefined, raw });
const pythonLayout = (data: unknown[]) =>
  pythonJsonDumps({ data, file_version: 1 }, { indent: 2, sortKeys: true });

describe('the version 1 layout read and written entry by entry', () => {
  it('writes byte for byte what oauth2client (json.dump, sort_keys, indent=2) writes', () => {
    expect(joinV1(raws.map(fresh)).toString()).toBe(pythonLayout(raws));
    expect(joinV1([]).toString()).toBe(pythonLayout([]));
    expect(joinV1([fresh(raws[0])]).toString()).toBe(pythonLayout([raws[0]]));
  });

  it('reads back every entry of such a file, each with its own bytes', () => {
    const entries = splitV1(Buffer.from(pythonLayout(raws)), []);
    expect(entries?.map((e) => e.raw)).toEqual(raws);
    expect(entries?.map((e) => e.canonical)).toEqual([
      canonicalKey({ key: 'one' }),
      canonicalKey({ a: 'x', b: 2 }),
      canonicalKey({ key: 'three' }),
    ]);
    expect(splitV1(Buffer.from(pythonLayout([])), [])).toEqual([]);
  });

  it('reuses the entries whose bytes did not change, also after a removal, and parses the others', () => {
    const before = splitV1(Buffer.from(pythonLayout(raws)), []) as V1Entry[];
    const changed = { credential: { access_token: 'new' }, key: { key: 'one' } };
    const after = splitV1(Buffer.from(pythonLayout([changed, raws[1], raws[2]])), before);
    expect(after?.[0]).not.toBe(before[0]);
    expect(after?.[0]?.raw).toEqual(changed);
    expect(after?.[1]).toBe(before[1]);
    expect(after?.[2]).toBe(before[2]);
    const removed = splitV1(Buffer.from(pythonLayout([raws[0], raws[2]])), before);
    expect(removed?.[0]).toBe(before[0]);
    expect(removed?.[1]).toBe(before[2]);
    const appended = splitV1(Buffer.from(pythonLayout([...raws, changed])), before);
    expect(appended?.slice(0, 3)).toEqual(before);
    expect(appended?.[3]?.raw).toEqual(changed);
  });

  it('declines anything not in that exact layout, and the whole-file parser reads it the same', () => {
    const others = [
      JSON.stringify({ data: raws, file_version: 1 }),
      pythonJsonDumps({ data: raws, file_version: 1 }, { indent: 4, sortKeys: true }),
      pythonLayout([...raws, 5]),
      pythonLayout([{}, ...raws]),
      pythonJsonDumps({ data: raws, extra: true, file_version: 1 }, { indent: 2, sortKeys: true }),
      pythonLayout(raws).slice(0, -3),
      '{"data": [',
    ];
    for (const text of others) expect(splitV1(Buffer.from(text), [])).toBeUndefined();
    for (const text of others.slice(0, 5)) {
      const whole = JSON.parse(text) as { data: unknown[] };
      expect(parseStore(Buffer.from(text), 'store.json').entries.map((e) => e.raw)).toEqual(
        whole.data,
      );
    }
  });

  it('a line that looks like an entry boundary inside an entry cannot split it wrongly', () => {
    // Hand-edited: a nested object laid out so that its lines match the boundary between entries.
    const tricky =
      '{\n  "data": [\n    {\n      "credential": {"list": [\n    {\n      "a": 1\n    },\n' +
      '    {\n      "b": 2\n    }\n      ]},\n      "key": {"key": "t"}\n    },\n' +
      '    {\n      "key": {"key": "u"}\n    }\n  ],\n  "file_version": 1\n}';
    const whole = JSON.parse(tricky) as { data: unknown[] };
    expect(splitV1(Buffer.from(tricky), [])).toBeUndefined();
    expect(parseStore(Buffer.from(tricky), 'store.json').entries.map((e) => e.raw)).toEqual(
      whole.data,
    );
  });

  it('an entry read as it is from a non-canonical but valid layout is written back unchanged', () => {
    // Compact inside the entry, canonical around it: kept as the file had it.
    const text =
      '{\n  "data": [\n    {\n      "credential": {"a": 1}, "key": {"key": "k"}\n    }\n  ],\n' +
      '  "file_version": 1\n}';
    const data = parseStore(Buffer.from(text), 'store.json');
    expect(data.entries[0]?.raw).toEqual({ credential: { a: 1 }, key: { key: 'k' } });
    expect(String(serializeStore(data))).toBe(text);
  });
});

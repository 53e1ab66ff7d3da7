import { fixtureJson, fixtureText, runPython } from '@oauth2/test-kit';
import { describe, expect, it } from 'vitest';
import { pythonJsonDumps } from './python-json.js';

const tricky = {
  'é-key': 'café ☃ 😀 \u007f \u0001 \n\t"\\ /',
  '10': 1,
  '2': 2,
  b: [1.5, 0.1, 1e-7, 123456789.125, -2.5e-5, 1e21, 3, -0, true, false, null],
  a: { z: [], y: {}, '\uffff': 1, '\u{1F600}': 2 },
  lone: '\ud800',
};

describe('pythonJsonDumps', () => {
  it('reproduces the 1.5.2 multistore and well-known fixtures byte for byte', () => {
    for (const name of [
      'v1.5.2-multistore.json',
      'v1.5.2-multistore-empty.json',
      'v1.5.2-well-known-authorized_user.json',
    ]) {
      expect(pythonJsonDumps(fixtureJson(name), { indent: 2, sortKeys: true })).toBe(
        fixtureText(name),
      );
    }
  });

  it('reproduces the default one-line credential layout in insertion order', () => {
    const text = fixtureText('v1.5.2-OAuth2Credentials.json').trimEnd();
    expect(pythonJsonDumps(JSON.parse(text))).toBe(text);
  });

  it('matches the real Python json.dumps on non-ASCII, control chars, numbers and key order', async () => {
    // Python reads the same object from the JSON that JavaScript produces.
    const py = await runPython(
      [
        'import json, sys',
        'v = json.loads(sys.stdin.read())',
        'sys.stdout.write(json.dumps(v, sort_keys=True, indent=2, separators=(",", ": ")))',
        'sys.stdout.write("\\n---\\n")',
        'sys.stdout.write(json.dumps(v, sort_keys=True))',
      ].join('\n'),
      JSON.stringify(tricky),
    );
    const [indented, oneLine] = py.split('\n---\n');
    // Python keeps -0 as int 0 and 1e21 as a float (JSON.stringify wrote 1e+21): align those two.
    const expectedIndented = (indented ?? '').replace('1e+21', '1000000000000000000000');
    const expectedOneLine = (oneLine ?? '').replace('1e+21', '1000000000000000000000');
    expect(pythonJsonDumps(tricky, { indent: 2, sortKeys: true })).toBe(expectedIndented);
    expect(pythonJsonDumps(tricky, { sortKeys: true })).toBe(expectedOneLine);
  });

  it('takes the fast path (no integer-like keys, no exponent floats) with the same bytes as Python', async () => {
    const plain = {
      é: ['ü ☃ 😀 \u007f \u0001 \u2028', 0.5, 123456789.125, -3, 1e20],
      b: { d: [], c: {}, '\uffff': true, '\u{1F600}': null },
      a: '\ud800 lone',
    };
    const py = await runPython(
      'import json, sys\nsys.stdout.write(json.dumps(json.loads(sys.stdin.read()), sort_keys=True, indent=2, separators=(",", ": ")))',
      JSON.stringify(plain),
    );
    expect(pythonJsonDumps(plain, { indent: 2, sortKeys: true })).toBe(py);
  });

  it('rejects values JSON cannot hold', () => {
    expect(() => pythonJsonDumps(Number.NaN)).toThrow(TypeError);
    expect(() => pythonJsonDumps({ f: () => 1 })).toThrow(TypeError);
    expect(() => pythonJsonDumps({ n: 1n })).toThrow(TypeError);
  });

  it('allowNan writes NaN and ±Infinity as Python does by default, in both layouts', async () => {
    const value = { n: Number.NaN, p: Infinity, m: [-Infinity], f: 1e-7 };
    const py = await runPython(
      [
        'import json, sys',
        'v = {"n": float("nan"), "p": float("inf"), "m": [float("-inf")], "f": 1e-07}',
        'sys.stdout.write(json.dumps(v) + "\\n" + json.dumps(v, indent=2, separators=(",", ": ")))',
      ].join('\n'),
    );
    expect(
      `${pythonJsonDumps(value, { allowNan: true })}\n${pythonJsonDumps(value, { indent: 2, allowNan: true })}`,
    ).toBe(py);
  });
});

describe('pythonJsonDumps separators and indent 0', () => {
  it('matches Python for compact JWT separators, custom separators and indent=0', async () => {
    const value = {
      iss: 'sa@example.iam',
      del: '\u007f é 😀',
      iat: 1700000000,
      f: [1e-7, 0.5, 1e21],
      '10': { z: null },
      nested: { a: [], b: {} },
    };
    const py = await runPython(
      [
        'import json, sys',
        'v = json.loads(sys.stdin.read())',
        'out = [json.dumps(v, separators=(",", ":")), json.dumps(v, separators=(" ;", "=")),',
        '       json.dumps(v, indent=0), json.dumps(v, indent=1, separators=(" ,", " : "))]',
        'sys.stdout.write("\\n---\\n".join(out))',
      ].join('\n'),
      JSON.stringify(value),
    );
    // JSON.stringify wrote 1e21 as 1e+21, which Python reads as a float: align the expectation.
    const expected = py.replaceAll('1e+21', '1000000000000000000000').split('\n---\n');
    expect([
      pythonJsonDumps(value, { separators: [',', ':'] }),
      pythonJsonDumps(value, { separators: [' ;', '='] }),
      pythonJsonDumps(value, { indent: 0 }),
      pythonJsonDumps(value, { indent: 1, separators: [' ,', ' : '] }),
    ]).toEqual(expected);
  });

  it('fast paths: compact separators, and indent 0', () => {
    const value = { b: [1, { c: 'ü' }], a: 'x' };
    expect(pythonJsonDumps(value, { separators: [',', ':'] })).toBe(
      '{"b":[1,{"c":"\\u00fc"}],"a":"x"}',
    );
    // indent 0 means newlines without indentation (JSON.stringify would read it as no indent).
    expect(pythonJsonDumps({ a: [1] }, { indent: 0 })).toBe('{\n"a": [\n1\n]\n}');
  });
});

// The default layout (one line, insertion order) is what Credentials.toJson writes.
describe('pythonJsonDumps default layout', () => {
  it.each([
    [null, 'null'],
    [true, 'true'],
    [3600, '3600'],
    [1.5, '1.5'],
    ['a"b\\c\n', '"a\\"b\\\\c\\n"'],
    ['Zoë ✓', '"Zo\\u00eb \\u2713"'],
    ['\u007f\u0001', '"\\u007f\\u0001"'],
    ['😀', '"\\ud83d\\ude00"'],
    [[], '[]'],
    [{}, '{}'],
    [[1, 'a', null], '[1, "a", null]'],
    [{ a: 1, b: { c: [true] } }, '{"a": 1, "b": {"c": [true]}}'],
  ])('%j', (value, expected) => {
    expect(pythonJsonDumps(value)).toBe(expected);
  });

  it('keeps insertion order and skips undefined values', () => {
    expect(pythonJsonDumps({ z: 1, a: undefined, m: 2 })).toBe('{"z": 1, "m": 2}');
  });

  it('writes what toJSON() returns (a Date as its ISO string), in both layouts', () => {
    const at = new Date('2030-01-02T03:04:05.678Z');
    expect(pythonJsonDumps({ at })).toBe('{"at": "2030-01-02T03:04:05.678Z"}');
    expect(pythonJsonDumps({ at }, { indent: 1 })).toBe('{\n "at": "2030-01-02T03:04:05.678Z"\n}');
  });
});

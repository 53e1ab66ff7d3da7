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
  });
});

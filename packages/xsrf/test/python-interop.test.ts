// Live interop with the real Python original (Debian python3-oauth2client 4.1.3, contrib.xsrfutil)
// in ONE Python process: Python generates tokens for random users/actions/times/keys that we
// validate in compatibility mode, and Python validates tokens we generated. Python's
// validate_token takes `current_time`, so both directions run at chosen times, not the wall clock.
import { Buffer } from 'node:buffer';
import { randomInt } from 'node:crypto';
import { runPython } from '@oauth2/test-kit';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateToken, validateToken, type XsrfKey, type XsrfUserId } from '../src/index.js';

const CASES = 50;
const SEED = randomInt(2 ** 31);
const mode = 'oauth2client';

/** mulberry32: a tiny seeded PRNG so a failing run can be replayed from its seed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

// Wire forms for JSON: ints beyond 2^53 travel as decimal strings, byte keys as hex.
type WireUser = { int: string } | { str: string };
type WireKey = { hex: string } | { str: string };
interface Case {
  key: XsrfKey;
  wireKey: WireKey;
  user: XsrfUserId;
  wireUser: WireUser;
  action: string;
  when: number;
}

const random = prng(SEED);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
const POOL = [...'abcXYZ019:/ _-.=@é中\u0000\n', '😀', 'ß'];
const text = (max: number): string =>
  Array.from({ length: Math.floor(random() * (max + 1)) }, () => pick(POOL)).join('');

function makeCase(i: number): Case {
  let user: XsrfUserId;
  let wireUser: WireUser;
  const kind = i % 4;
  if (kind === 0) {
    const n = Math.floor(random() * 2 ** 31) * (random() < 0.2 ? -1 : 1);
    user = n;
    wireUser = { int: String(n) };
  } else if (kind === 1) {
    const n = BigInt(Math.floor(random() * 2 ** 53)) * 2n ** 20n + 12345n; // beyond 2^53
    user = n;
    wireUser = { int: n.toString() };
  } else {
    user = text(24);
    wireUser = { str: user };
  }
  let key: XsrfKey;
  let wireKey: WireKey;
  if (i % 3 === 0) {
    const bytes = Buffer.from(
      Array.from({ length: 1 + Math.floor(random() * 40) }, () => Math.floor(random() * 256)),
    );
    key = bytes;
    wireKey = { hex: bytes.toString('hex') };
  } else {
    key = `key ${text(20)}`;
    wireKey = { str: key };
  }
  const when = i % 10 === 9 ? 2 ** 52 + Math.floor(random() * 1e6) : 1 + Math.floor(random() * 2e9);
  return { key, wireKey, user, wireUser, action: text(16), when };
}

const PYTHON = `
import sys, json
import oauth2client
from oauth2client.contrib import xsrfutil
req = json.load(sys.stdin)
key = lambda k: bytes.fromhex(k['hex']) if 'hex' in k else k['str']
user = lambda u: int(u['int']) if 'int' in u else u['str']
out = {'version': oauth2client.__version__, 'generated': [], 'validated': []}
for c in req['generate']:
    t = xsrfutil.generate_token(key(c['key']), user(c['user']), action_id=c['action'], when=c['when'])
    out['generated'].append(t.decode('ascii'))
for c in req['validate']:
    ok = xsrfutil.validate_token(key(c['key']), c['token'].encode('ascii'), user(c['user']),
                                 action_id=c['action'], current_time=c['now'])
    out['validated'].append(bool(ok))
print(json.dumps(out))
`;

/** One question asked of both implementations: is `token` valid for these inputs at `now`? */
interface Check {
  label: string;
  c: Case;
  token: string;
  user: XsrfUserId;
  wireUser: WireUser;
  action: string;
  now: number;
}

/** The variants every token is checked under, with the answer the original must give. */
function variants(c: Case, token: string): [Check, boolean][] {
  const base = { c, token, user: c.user, wireUser: c.wireUser, action: c.action };
  const age = Math.floor(random() * 3600);
  const otherUser = `${String(c.user)}!`;
  const flipped = token.slice(0, 3) + (token[3] === 'A' ? 'B' : 'A') + token.slice(4);
  return [
    [{ ...base, label: 'at issue', now: c.when }, true],
    [{ ...base, label: `aged ${age} s`, now: c.when + age }, true],
    [{ ...base, label: 'aged exactly 3600 s', now: c.when + 3600 }, true],
    [{ ...base, label: 'aged 3601 s', now: c.when + 3601 }, false],
    [
      { ...base, label: 'other user', user: otherUser, wireUser: { str: otherUser }, now: c.when },
      false,
    ],
    [{ ...base, label: 'other action', action: `${c.action}!`, now: c.when }, false],
    [{ ...base, label: 'flipped character', token: flipped, now: c.when }, false],
  ];
}

const ours = (k: Check): boolean =>
  validateToken(k.c.key, k.token, k.user, k.action, { now: k.now, mode });
const wire = (k: Check) => ({
  key: k.c.wireKey,
  token: k.token,
  user: k.wireUser,
  action: k.action,
  now: k.now,
});

describe(`live interop with Python oauth2client.contrib.xsrfutil (seed ${SEED})`, () => {
  const cases = Array.from({ length: CASES }, (_, i) => makeCase(i));
  const ourTokens = cases.map((c) =>
    generateToken(c.key, c.user, c.action, { when: c.when, mode }),
  );
  const ourChecks = cases.flatMap((c, i) => variants(c, ourTokens[i] as string));
  // Our tokens dated 61 s ahead: the original accepts them, we do not (decisions.md).
  const future = cases.map(
    (c, i): Check => ({
      label: 'from the future',
      c,
      token: ourTokens[i] as string,
      user: c.user,
      wireUser: c.wireUser,
      action: c.action,
      now: c.when - 61,
    }),
  );
  let python: { version: string; generated: string[]; validated: boolean[] };

  beforeAll(async () => {
    const request = {
      generate: cases.map((c) => ({
        key: c.wireKey,
        user: c.wireUser,
        action: c.action,
        when: c.when,
      })),
      validate: [...ourChecks.map(([k]) => wire(k)), ...future.map(wire)],
    };
    // One process for everything. If this fails, run 'bash scripts/setup.sh' (python3-oauth2client).
    python = JSON.parse(await runPython(PYTHON, JSON.stringify(request)));
    expect(python.version).toBe('4.1.3');
  });

  it('Python generates exactly the tokens we generate', () => {
    expect(python.generated).toHaveLength(CASES);
    for (const [i, token] of python.generated.entries()) {
      expect(ourTokens[i], `case ${i}, seed ${SEED}`).toBe(token);
    }
  });

  it('we validate the tokens Python generated, and reject their variants', () => {
    let checked = 0;
    for (const [i, token] of python.generated.entries()) {
      for (const [k, expected] of variants(cases[i] as Case, token)) {
        expect(ours(k), `case ${i} ${k.label}, seed ${SEED}`).toBe(expected);
        checked++;
      }
    }
    expect(checked).toBe(CASES * 7);
  });

  it('Python validates the tokens we generated, and rejects their variants', () => {
    expect(python.validated).toHaveLength(ourChecks.length + future.length);
    for (const [j, [k, expected]] of ourChecks.entries()) {
      expect(python.validated[j], `python: case ${k.label}, seed ${SEED}`).toBe(expected);
      expect(ours(k), `ours: case ${k.label}, seed ${SEED}`).toBe(expected);
    }
  });

  it('differs only where documented: Python accepts tokens from the future, we refuse them', () => {
    const pythonFuture = python.validated.slice(ourChecks.length);
    expect(pythonFuture).toEqual(future.map(() => true));
    expect(future.map(ours)).toEqual(future.map(() => false));
  });
});

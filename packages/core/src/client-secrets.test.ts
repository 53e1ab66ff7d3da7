import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import {
  assertNoCanary,
  canary,
  fixtureJson,
  fixturePath,
  runPython,
  thrownBy,
} from '@oauth2/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CLIENT_SECRETS_CACHE_NAMESPACE,
  CLIENT_SECRETS_HELP_URL,
  type ClientSecretsCache,
  loadClientSecrets,
  parseClientSecrets,
} from './client-secrets.js';
import { InvalidClientSecretsError } from './errors.js';

const HELP = 'Invalid file format. See https://www.npmjs.com/package/@oauth2/core#client-secrets';
const SINGLE = `${HELP} Expected a JSON object with a single property for a "web" or "installed" application`;
const full = {
  client_id: 'cid',
  client_secret: 'secret',
  redirect_uris: [],
  auth_uri: 'https://a.example/auth',
  token_uri: 'https://a.example/token',
};
const without = (key: string) =>
  Object.fromEntries(Object.entries(full).filter(([k]) => k !== key));

/** [label, input, exact oauth2client message] */
const MESSAGE_TABLE: [string, unknown, string][] = [
  ['null', null, HELP],
  ['an empty object', {}, SINGLE],
  ['an array', [1], SINGLE],
  ['two properties', { a: 1, b: 2 }, SINGLE],
  ['an unknown type', { foo: full }, 'Unknown client type: foo.'],
  ...(['client_id', 'client_secret', 'redirect_uris', 'auth_uri', 'token_uri'] as const).map(
    (key): [string, unknown, string] => [
      `missing ${key}`,
      { web: without(key) },
      `Missing property "${key}" in a client type of "web".`,
    ],
  ),
  [
    'the first missing property',
    { installed: { auth_uri: 'x' } },
    'Missing property "client_id" in a client type of "installed".',
  ],
  [
    'a placeholder client_id',
    { web: { ...full, client_id: '[[INSERT]]' } },
    'Property "client_id" is not configured.',
  ],
  [
    'a placeholder client_secret',
    { web: { ...full, client_secret: '[[X]]' } },
    'Property "client_secret" is not configured.',
  ],
];

const caught = (fn: () => unknown) => thrownBy(fn, InvalidClientSecretsError);

describe('parseClientSecrets (spec §4, §17.3 item 22)', () => {
  it.each(MESSAGE_TABLE)(
    'rejects %s with the exact oauth2client message',
    (_label, input, message) => {
      const err = caught(() => parseClientSecrets(input));
      expect(err.message).toBe(message);
      expect(err.code).toBe('invalid_client_secrets');
    },
  );

  it('gives the same messages as the real Python oauth2client', async () => {
    const script = [
      'import json, sys',
      'from oauth2client import clientsecrets',
      'out = []',
      'for case in json.load(sys.stdin):',
      '    try:',
      '        clientsecrets.loads(json.dumps(case))',
      '        out.append(None)',
      '    except clientsecrets.InvalidClientSecretsError as e:',
      '        out.append(str(e.args[0]))',
      'print(json.dumps(out))',
    ].join('\n');
    const out = JSON.parse(await runPython(script, JSON.stringify(MESSAGE_TABLE.map((r) => r[1]))));
    // The one deliberate difference: the help link is our README, not the retired Python guide.
    const ours = (out as (string | null)[]).map((m) =>
      m?.replace(
        /See https:\/\/developers\.google\.com\/\S+python\S+/,
        `See ${CLIENT_SECRETS_HELP_URL}`,
      ),
    );
    expect(ours).toEqual(MESSAGE_TABLE.map((r) => r[2]));
  });

  it('returns type and info for web and installed clients, keeping extra properties', () => {
    const web = parseClientSecrets(fixtureJson('upstream-tests-data-v4.1.3/client_secrets.json'));
    expect(web.type).toBe('web');
    expect(web.info).toMatchObject({
      client_id: 'foo_client_id',
      client_secret: 'foo_client_secret',
      redirect_uris: [],
      revoke_uri: 'https://oauth2.googleapis.com/revoke',
    });
    const installed = parseClientSecrets({ installed: { ...full, javascript_origins: ['x'] } });
    expect(installed.type).toBe('installed');
    expect(installed.info.javascript_origins).toEqual(['x']);
    expect(
      parseClientSecrets({ web: { ...full, client_secret: null } }).info.client_secret,
    ).toBeNull();
  });

  it.each([
    ['client_id', 42, 'must be a string'],
    ['redirect_uris', 'http://x', 'must be a list of strings'],
    ['token_uri', null, 'must be a string'],
    ['revoke_uri', 7, 'must be a string'],
  ])('refuses a wrong-typed %s (a crash in Python)', (key, value, why) => {
    const err = caught(() => parseClientSecrets({ web: { ...full, [key]: value } }));
    expect(err.message).toBe(`Property "${key}" ${why}.`);
  });

  it('never shows the client secret in messages or inspect output', () => {
    const secret = canary('secret-');
    const parsed = parseClientSecrets({ web: { ...full, client_secret: secret } });
    expect(parsed.info.client_secret).toBe(secret);
    expect(inspect(parsed)).toContain('[redacted]');
    expect(inspect(parsed)).not.toContain(secret);
    assertNoCanary(
      caught(() => parseClientSecrets({ web: { ...without('token_uri'), client_secret: secret } })),
    );
    assertNoCanary(
      caught(() => parseClientSecrets({ web: { ...full, client_id: secret, token_uri: 5 } })),
    );
  });
});

describe('loadClientSecrets', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'oauth2-cs-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('loads the upstream fixtures of both versions', async () => {
    for (const v of ['v1.5.2', 'v4.1.3']) {
      const { type, info } = await loadClientSecrets(
        fixturePath(`upstream-tests-data-${v}/client_secrets.json`),
      );
      expect(type).toBe('web');
      expect(info.client_id).toBe('foo_client_id');
    }
  });

  it('names the file for an unfilled template, a missing file, bad JSON and an unreadable file', async () => {
    const unfilled = fixturePath('upstream-tests-data-v4.1.3/unfilled_client_secrets.json');
    await expect(loadClientSecrets(unfilled)).rejects.toThrow(
      `Property "client_id" is not configured. (file: "${unfilled}")`,
    );
    const missing = join(dir, 'nope.json');
    await expect(loadClientSecrets(missing)).rejects.toThrow(`File not found: "${missing}"`);

    const bad = join(dir, 'bad.json');
    const secret = canary();
    await writeFile(bad, `{"web": {"client_secret": "${secret}"`);
    const err = await loadClientSecrets(bad).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidClientSecretsError);
    expect((err as Error).message).toBe(`${HELP} The file "${bad}" is not valid JSON.`);
    assertNoCanary(err);

    const partial = join(dir, 'partial.json');
    await writeFile(
      partial,
      JSON.stringify({ web: { ...without('auth_uri'), client_secret: secret } }),
    );
    const err2 = await loadClientSecrets(partial).catch((e: unknown) => e);
    expect((err2 as Error).message).toBe(
      `Missing property "auth_uri" in a client type of "web". (file: "${partial}")`,
    );
    assertNoCanary(err2);

    if (process.getuid?.() !== 0) {
      const locked = join(dir, 'locked.json');
      await writeFile(locked, JSON.stringify({ web: full }));
      await chmod(locked, 0o000);
      await expect(loadClientSecrets(locked)).rejects.toThrow(
        `Error opening file "${locked}" (EACCES).`,
      );
    }
  });

  describe('cache (spec §17.3 item 23)', () => {
    class RecordingCache implements ClientSecretsCache {
      readonly store = new Map<string, unknown>();
      readonly calls: string[] = [];
      get(key: string, namespace: string): unknown {
        this.calls.push(`get ${key} ${namespace}`);
        return this.store.get(`${namespace}|${key}`);
      }
      async set(key: string, value: unknown, namespace: string): Promise<void> {
        this.calls.push(`set ${key} ${namespace}`);
        this.store.set(`${namespace}|${key}`, value);
      }
    }

    it('stores {type: info} on a miss under the oauth2client namespace', async () => {
      const cache = new RecordingCache();
      const path = fixturePath('upstream-tests-data-v4.1.3/client_secrets.json');
      const first = await loadClientSecrets(path, { cache });
      expect(CLIENT_SECRETS_CACHE_NAMESPACE).toBe('oauth2client:secrets#ns');
      expect(cache.calls).toEqual([
        `get ${path} oauth2client:secrets#ns`,
        `set ${path} oauth2client:secrets#ns`,
      ]);
      expect(cache.store.get(`oauth2client:secrets#ns|${path}`)).toEqual({ web: first.info });
      const second = await loadClientSecrets(path, { cache });
      expect(second).toEqual(first);
      expect(cache.calls).toHaveLength(3);
    });

    it('returns a hit as cached, without validation or file access', async () => {
      const cache = new RecordingCache();
      const path = join(dir, 'does-not-exist.json');
      cache.store.set(`oauth2client:secrets#ns|${path}`, { web: 'secret info' });
      const hit = await loadClientSecrets(path, { cache });
      expect(hit).toEqual({ type: 'web', info: 'secret info' });
      expect(cache.calls).toEqual([`get ${path} oauth2client:secrets#ns`]);
    });
  });
});

describe('the format help points at our README, not the retired Python guide', () => {
  it('links the "Client secrets" section of the core README, which explains the file', async () => {
    expect(CLIENT_SECRETS_HELP_URL).not.toMatch(/python|developers\.google\.com/);
    const [page, anchor] = CLIENT_SECRETS_HELP_URL.split('#');
    expect(page).toBe('https://www.npmjs.com/package/@oauth2/core');
    const readme = await readFile(new URL('../README.md', import.meta.url), 'utf8');
    const heading = readme
      .split('\n')
      .find((line) => /^#{2,4} /.test(line) && slug(line) === anchor);
    expect(heading).toBe('### Client secrets');
    const section = readme.slice(readme.indexOf(heading as string)).split(/\n#{2,3} /)[0] as string;
    for (const word of ['client_secrets.json', '"installed"', 'redirect_uris', 'token_uri'])
      expect(section).toContain(word);
    expect(caught(() => parseClientSecrets(null)).message).toBe(
      `Invalid file format. See ${CLIENT_SECRETS_HELP_URL}`,
    );
  });
});

/** GitHub/npm heading anchors: lower case, punctuation dropped, spaces as dashes. */
function slug(heading: string): string {
  return heading
    .replace(/^#+ /, '')
    .toLowerCase()
    .replace(/[^\w\- ]/g, '')
    .replace(/ /g, '-');
}

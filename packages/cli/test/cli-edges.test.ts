import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { OAuth2Credentials } from '@oauth2/core';
import { canary, LoopbackServer, useTempDir } from '@oauth2/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliEnv, runCli } from './helpers.js';

// Exit codes, hostile servers and bad files, in process against loopback servers.
let server: LoopbackServer;
beforeAll(async () => {
  server = await LoopbackServer.start();
});
afterAll(() => server.close());

const tmp = useTempDir('oauth2-cli-edges-');
const env = () => cliEnv(tmp.dir, { OAUTH2_STORE: 'file' });
const credentialFile = () => join(tmp.dir, '.config', 'oauth2', 'credentials', 'default.json');

function storeCredential(fields: {
  tokenUri: string;
  expired?: boolean;
  refreshToken?: string;
}): string {
  const json = new OAuth2Credentials({
    accessToken: canary('access'),
    clientId: 'client',
    clientSecret: canary('secret'),
    refreshToken: fields.refreshToken ?? canary('refresh'),
    tokenExpiry: new Date(Date.now() + (fields.expired ? -60_000 : 3_600_000)),
    tokenUri: fields.tokenUri,
    revokeUri: `${server.url}/revoke`,
  }).toJson();
  mkdirSync(join(credentialFile(), '..'), { recursive: true });
  writeFileSync(credentialFile(), json, { mode: 0o600 });
  return json;
}

describe('usage errors exit 2', () => {
  it.each([
    [['token', '--bogus']],
    [['token', '--format', 'xml']],
    [['login', '--client-secret', 'hunter2']],
    [['login', '--client-secret=hunter2']],
    [['login']],
    [['no-such-command']],
    [['status', '--store', 'cloud']],
    [['status', '--account', '../../etc/passwd']],
  ])('%j', async (args) => {
    const result = await runCli(args, { env: env() });
    expect(result.code).toBe(2);
    expect(result.stderr).not.toContain('hunter2');
  });

  it('a secret on the command line says where to put it instead', async () => {
    const result = await runCli(['login', '--client-secret', 'x'], { env: env() });
    expect(result.stderr).toContain(
      '--client-secret-file FILE or the OAUTH2_CLIENT_SECRET environment variable',
    );
  });

  it('every command has --help (exit 0, on stdout)', async () => {
    for (const cmd of [
      'login',
      'token',
      'print-access-token',
      'print-identity-token',
      'status',
      'list',
      'info',
      'fetch',
      'revoke',
      'logout',
      'adc',
    ]) {
      const result = await runCli([cmd, '--help'], { env: env() });
      expect(result.code, cmd).toBe(0);
      expect(result.stdout, cmd).toMatch(/^Usage: oauth2 /);
      expect(result.stdout, cmd).toContain(
        'Exit codes: 0 ok, 1 failure, 2 usage error, 4 login needed',
      );
    }
  });
});

describe('refresh failures', () => {
  it("a hostile server's error_description with ANSI escapes is printed escaped; invalid_grant exits 4", async () => {
    server.route('POST', '/hostile-token', {
      status: 400,
      body: {
        error: 'invalid_grant',
        error_description: 'bad \u001b[2J\u001b[31mRED\u009b31m \u202eevil',
      },
    });
    storeCredential({ tokenUri: `${server.url}/hostile-token`, expired: true });
    const result = await runCli(['token'], { env: env() });
    expect(result.code).toBe(4);
    expect(result.stderr).toContain('invalid_grant');
    expect(result.stderr).toContain('RED');
    for (const c of ['\u001b', '\u009b', '\u202e']) expect(result.stderr).not.toContain(c);
    expect(result.stdout).toBe('');
  });

  it('an unreachable token server exits 5 and keeps the credential', async () => {
    const closed = await LoopbackServer.start();
    const url = `${closed.url}/token`;
    await closed.close();
    const json = storeCredential({ tokenUri: url, expired: true });
    const result = await runCli(['token'], { env: env() });
    expect(result.code).toBe(5);
    expect(readFileSync(credentialFile(), 'utf8')).toBe(json);
  }, 60_000);

  it('a token server answering 503 exits 5; --json prints one error object on stdout', async () => {
    server.route('POST', '/down-token', { status: 503, body: 'unavailable' });
    storeCredential({ tokenUri: `${server.url}/down-token`, expired: true });
    const result = await runCli(['token', '--json'], { env: env() });
    expect(result.code).toBe(5);
    expect(JSON.parse(result.stdout)).toMatchObject({ error: { exitCode: 5 } });
  }, 60_000);
});

describe('bad files', () => {
  it('a corrupt stored credential exits 1 naming the file, and nothing is overwritten', async () => {
    mkdirSync(join(credentialFile(), '..'), { recursive: true });
    const garbage =
      '{"_module": "oauth2client.client", "_class": "OAuth2Credentials", "access_token": 5';
    writeFileSync(credentialFile(), garbage);
    for (const args of [['token'], ['status'], ['revoke'], ['fetch', `${server.url}/x`]]) {
      const result = await runCli(args, { env: env() });
      expect(result.code, args[0]).toBe(1);
      expect(result.stderr, args[0]).toContain(credentialFile());
      expect(readFileSync(credentialFile(), 'utf8')).toBe(garbage);
    }
  });

  it('a web-type client_secrets.json is refused with the message of an invalid client secrets file', async () => {
    const file = join(tmp.dir, 'client_secrets.json');
    writeFileSync(
      file,
      JSON.stringify({
        web: {
          client_id: 'id',
          client_secret: 's',
          redirect_uris: ['https://app.example/cb'],
          auth_uri: 'https://accounts.google.com/o/oauth2/auth',
          token_uri: 'https://oauth2.googleapis.com/token',
        },
      }),
    );
    const result = await runCli(['login', '--client-secrets', file], { env: env() });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`The client secrets file ${file} is for a "web" application`);
  });

  it("a missing client_secrets.json gets core's message naming the file", async () => {
    const file = join(tmp.dir, 'nope.json');
    const result = await runCli(['login', '--client-secrets', file], { env: env() });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(file);
  });

  it('a config.json that is not JSON exits 1 naming it', async () => {
    mkdirSync(join(tmp.dir, '.config', 'oauth2'), { recursive: true });
    writeFileSync(join(tmp.dir, '.config', 'oauth2', 'config.json'), '{nope');
    const result = await runCli(['token'], { env: env() });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('config.json is not a JSON object');
  });
});

describe('configuration order: flags > OAUTH2_* > profile', () => {
  it('picks the account and store path from the profile, the environment, then the flags', async () => {
    const dir = join(tmp.dir, '.config', 'oauth2');
    mkdirSync(dir, { recursive: true });
    const profileFile = join(tmp.dir, 'profile.json');
    const envFile = join(tmp.dir, 'env.json');
    const flagFile = join(tmp.dir, 'flag.json');
    writeFileSync(
      join(dir, 'config.json'),
      JSON.stringify({ profiles: { work: { store: 'file', storePath: profileFile } } }),
    );
    const where = async (args: string[], extra: NodeJS.ProcessEnv = {}) =>
      JSON.parse(
        (await runCli(['status', '--json', ...args], { env: { ...cliEnv(tmp.dir), ...extra } }))
          .stdout,
      ).accounts[0].store;
    expect(await where(['--profile', 'work'])).toBe(`file:${profileFile}`);
    expect(await where([], { OAUTH2_PROFILE: 'work' })).toBe(`file:${profileFile}`);
    expect(await where(['--profile', 'work'], { OAUTH2_STORE_PATH: envFile })).toBe(
      `file:${envFile}`,
    );
    expect(
      await where(['--profile', 'work', '--store-path', flagFile], { OAUTH2_STORE_PATH: envFile }),
    ).toBe(`file:${flagFile}`);
    expect(await where([])).toBe('keyring:oauth2-cli/default');
  });
});

describe('print-identity-token --audience', () => {
  it('mints one from a service-account key (JWT-bearer grant with target_audience)', async () => {
    const { testKeys } = await import('@oauth2/test-kit');
    const keyfile = join(tmp.dir, 'sa.json');
    writeFileSync(
      keyfile,
      JSON.stringify({
        type: 'service_account',
        client_email: 'sa@p.iam.gserviceaccount.com',
        client_id: '1',
        private_key_id: 'k',
        private_key: testKeys.privateKeyPem,
        token_uri: `${server.url}/sa-token`,
      }),
    );
    server.route('POST', '/sa-token', { body: { id_token: 'aaa.bbb.ccc' } });
    const result = await runCli(['print-identity-token', '--audience', 'https://svc.example'], {
      env: { ...env(), GOOGLE_APPLICATION_CREDENTIALS: keyfile },
    });
    expect(result).toMatchObject({ code: 0, stdout: 'aaa.bbb.ccc\n' });
    const assertion = server.requests.at(-1)?.form.get('assertion') ?? '';
    const claims = JSON.parse(Buffer.from(assertion.split('.')[1] ?? '', 'base64url').toString());
    expect(claims.target_audience).toBe('https://svc.example');
  });

  it('mints one from the Compute Engine metadata server', async () => {
    server.route('GET', '/', { headers: { 'Metadata-Flavor': 'Google' }, body: '' });
    server.route('GET', '/computeMetadata/v1/instance/service-accounts/default/identity', {
      headers: { 'Metadata-Flavor': 'Google' },
      body: 'ddd.eee.fff',
    });
    const result = await runCli(['print-identity-token', '--audience', 'aud', '--json'], {
      env: { ...env(), GCE_METADATA_HOST: new URL(server.url).host },
    });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ id_token: 'ddd.eee.fff' });
    expect(server.requests.at(-1)?.query.get('audience')).toBe('aud');
  });
});

describe('--store multistore', () => {
  it('prints the token of the account kept in a multistore file, and status says where it lives', async () => {
    const { getCredentialStorageCustomStringKey } = await import('@oauth2/storage-multistore');
    const path = join(tmp.dir, 'multi.json');
    const credentials = new OAuth2Credentials({
      accessToken: 'multi-token',
      clientId: 'c',
      refreshToken: 'r',
      tokenExpiry: new Date(Date.now() + 3_600_000),
      tokenUri: `${server.url}/token`,
    });
    await getCredentialStorageCustomStringKey(path, 'work').put(credentials);
    const multiEnv = { ...cliEnv(tmp.dir), OAUTH2_STORE: 'multistore', OAUTH2_STORE_PATH: path };
    const token = await runCli(['token', '--account', 'work'], { env: multiEnv });
    expect(token).toMatchObject({ code: 0, stdout: 'multi-token\n' });
    const status = await runCli(['status', '--account', 'work', '--json'], { env: multiEnv });
    expect(JSON.parse(status.stdout).accounts[0]).toMatchObject({
      store: `multistore:${path} [work]`,
      present: true,
    });
    expect((await runCli(['token', '--account', 'home'], { env: multiEnv })).code).toBe(4);
  });
});

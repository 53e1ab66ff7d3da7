import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { LoopbackServer, type OidcProviderHandle, runPython, useTempDir } from '@oauth2/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliEnv, openedUrls, runCli, startCli, startCliProvider } from './helpers.js';

// The oauth2 command against a real OpenID provider (oidc-provider on loopback), in process.
let op: OidcProviderHandle;
let api: LoopbackServer;
const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';

beforeAll(async () => {
  op = await startCliProvider({
    grant_types: ['authorization_code', 'refresh_token', DEVICE_GRANT],
    response_types: ['code'],
  });
  api = await LoopbackServer.start();
});
afterAll(async () => {
  await api.close();
  await op.close();
});

/** Play the browser: wait for the URL the command opened, sign in, land on its loopback server. */
async function browse(home: string, nth = 1): Promise<string> {
  await expect.poll(() => openedUrls(home).length, { timeout: 10_000 }).toBeGreaterThanOrEqual(nth);
  const url = openedUrls(home)[nth - 1] as string;
  const landing = await op.completeAuthorization(url);
  await fetch(landing);
  return url;
}

function tokenRequests(): number {
  return op.requests.filter((r) => r.method === 'POST' && r.path === '/token').length;
}

describe('oauth2 with an OpenID provider (file store)', () => {
  const tmp = useTempDir('oauth2-cli-', { per: 'file' });
  const home = {
    get path() {
      return tmp.dir;
    },
  };
  const env = () => cliEnv(home.path, { OAUTH2_STORE: 'file' });
  const login = ['login', '--issuer', '', '--client-id', 'cli', '--scope', 'openid email'];
  const credentialFile = () => join(home.path, '.config', 'oauth2', 'credentials', 'default.json');

  it('login: browser on a loopback redirect, credential stored 0600, account remembered', async () => {
    login[2] = op.issuer;
    const [result, url] = await Promise.all([
      runCli([...login, '--json'], { env: env() }),
      browse(home.path),
    ]);
    expect(result.stderr).toContain(url); // printed as well as opened
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({
      account: 'default',
      store: `file:${credentialFile()}`,
      email: 'ann@example.com',
      refreshToken: true,
    });
    const redirect = new URL(url).searchParams.get('redirect_uri');
    expect(redirect).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(new URL(url).searchParams.get('code_challenge_method')).toBe('S256');
    const stored = JSON.parse(readFileSync(credentialFile(), 'utf8'));
    expect(stored._class).toBe('OAuth2Credentials');
    expect(statSync(credentialFile()).mode & 0o777).toBe(0o600);
    const config = JSON.parse(
      readFileSync(join(home.path, '.config', 'oauth2', 'config.json'), 'utf8'),
    );
    expect(config.accounts.default).toEqual({ store: 'file', issuer: op.issuer });
  });

  it('the credential oauth2 login wrote loads in Python oauth2client file.Storage', async () => {
    const stored = JSON.parse(readFileSync(credentialFile(), 'utf8'));
    const out = await runPython(
      [
        'import sys, json',
        'from oauth2client.file import Storage',
        'c = Storage(sys.stdin.read()).get()',
        'print(json.dumps([type(c).__name__, c.access_token, c.refresh_token, c.client_id, c.access_token_expired]))',
      ].join('\n'),
      credentialFile(),
    );
    expect(JSON.parse(out)).toEqual([
      'OAuth2Credentials',
      stored.access_token,
      stored.refresh_token,
      'cli',
      false,
    ]);
  });

  it('print-access-token: bare, header and json; a valid token needs no request', async () => {
    const before = tokenRequests();
    const stored = JSON.parse(readFileSync(credentialFile(), 'utf8'));
    const bare = await runCli(['print-access-token'], { env: env() });
    expect(bare).toMatchObject({ code: 0, stdout: `${stored.access_token}\n` });
    const header = await runCli(['token', '--format', 'header'], { env: env() });
    expect(header.stdout).toBe(`Authorization: Bearer ${stored.access_token}\n`);
    const json = JSON.parse((await runCli(['token', '--json'], { env: env() })).stdout);
    expect(json).toMatchObject({ access_token: stored.access_token, token_type: 'Bearer' });
    expect(json.expires_in).toBeGreaterThan(3000);
    expect(tokenRequests()).toBe(before);
  });

  it('print-access-token refreshes an expired token once and writes it back', async () => {
    const stored = JSON.parse(readFileSync(credentialFile(), 'utf8'));
    stored.token_expiry = '2000-01-01T00:00:00Z';
    writeFileSync(credentialFile(), JSON.stringify(stored));
    const before = tokenRequests();
    const result = await runCli(['token'], { env: env() });
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).not.toBe(stored.access_token);
    expect(tokenRequests()).toBe(before + 1);
    const again = JSON.parse(readFileSync(credentialFile(), 'utf8'));
    expect(again.access_token).toBe(result.stdout.trim());
  });

  it('fetch: sends the bearer token, prints the body, status in the exit code', async () => {
    const token = (await runCli(['token'], { env: env() })).stdout.trim();
    api.route('GET', '/resource', { body: { hello: 'world' } });
    api.route('POST', '/fail', { status: 503, body: 'down' });
    const ok = await runCli(['fetch', `${api.url}/resource`, '-H', 'X-Test: 1'], { env: env() });
    expect(ok).toMatchObject({ code: 0, stdout: '{"hello":"world"}' });
    const seen = api.requests.at(-1);
    expect(seen?.headers.authorization).toBe(`Bearer ${token}`);
    expect(seen?.headers['x-test']).toBe('1');
    const down = await runCli(['fetch', `${api.url}/fail`, '-d', 'payload'], { env: env() });
    expect(down.code).toBe(5);
    expect(api.requests.at(-1)?.body).toBe('payload');
  });

  it('status: account, store, who, scopes, expiry, refresh token; never a secret', async () => {
    const stored = JSON.parse(readFileSync(credentialFile(), 'utf8'));
    const json = await runCli(['status', '--json'], { env: env() });
    expect(json.code).toBe(0);
    const [account] = JSON.parse(json.stdout).accounts;
    expect(account).toMatchObject({
      account: 'default',
      store: `file:${credentialFile()}`,
      present: true,
      email: 'ann@example.com',
      refreshToken: true,
    });
    expect(account.scopes).toEqual(expect.arrayContaining(['openid', 'email']));
    const human = await runCli(['list'], { env: env() });
    expect(human.stdout).toContain(`default: file:${credentialFile()}`);
    expect(human.stdout).toContain('  who:           ann@example.com');
    for (const out of [json.stdout, human.stdout, human.stderr]) {
      expect(out).not.toContain(stored.access_token);
      expect(out).not.toContain(stored.refresh_token);
    }
  });

  it('info: the provider introspection of the current token', async () => {
    const result = await runCli(['info'], { env: env() });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ active: true, client_id: 'cli' });
  });

  it('print-identity-token: the ID token of the login', async () => {
    const stored = JSON.parse(readFileSync(credentialFile(), 'utf8'));
    const result = await runCli(['print-identity-token'], { env: env() });
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toBe(stored.id_token_jwt);
  });

  it('revoke: revokes at the provider, deletes the local copy; then login is needed (exit 4)', async () => {
    const result = await runCli(['logout'], { env: env() });
    expect(result.code).toBe(0);
    expect(op.requests.filter((r) => r.path === '/token/revocation').at(-1)?.status).toBe(200);
    const after = await runCli(['token'], { env: env() });
    expect(after.code).toBe(4);
    expect(after.stderr).toContain("Run 'oauth2 login'");
  });

  it('--no-browser: prints the URL, reads the pasted redirected URL, opens no browser', async () => {
    const stdin = new PassThrough();
    const opened = openedUrls(home.path).length;
    const cli = startCli([...login, '--no-browser', '--account', 'pasted'], { env: env(), stdin });
    await expect.poll(cli.stderr, { timeout: 10_000 }).toContain('paste it here');
    const url = cli.stderr().match(/http:\/\/127\.0\.0\.1:\d+\/auth\?\S+/)?.[0] ?? '';
    expect(new URL(url).searchParams.get('redirect_uri')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    stdin.end(`${(await op.completeAuthorization(url)).href}\n`);
    const result = await cli.done;
    expect(result.code).toBe(0);
    expect(openedUrls(home.path).length).toBe(opened);
    expect(result.stderr).toContain(`credentials${'/'}pasted.json`);
  });

  it('two logins at once for one account leave one valid credential', async () => {
    const opened = openedUrls(home.path).length;
    const both = Promise.all([
      runCli([...login, '--account', 'twice'], { env: env() }),
      runCli([...login, '--account', 'twice'], { env: env() }),
    ]);
    await browse(home.path, opened + 1);
    await browse(home.path, opened + 2);
    const results = await both;
    expect(results.map((r) => r.code)).toEqual([0, 0]);
    const token = await runCli(['token', '--account', 'twice'], { env: env() });
    expect(token.code).toBe(0);
    const info = await runCli(['info', '--account', 'twice'], { env: env() });
    expect(JSON.parse(info.stdout)).toMatchObject({ active: true });
    const file = join(home.path, '.config', 'oauth2', 'credentials', 'twice.json');
    expect(JSON.parse(readFileSync(file, 'utf8')).access_token).toBe(token.stdout.trim());
  });

  it('--device --qr: shows the code and a QR code, the test approves it in the provider, the credential is stored', async () => {
    const cli = startCli([...login, '--device', '--qr', '--account', 'device'], { env: env() });
    await expect.poll(cli.stderr, { timeout: 10_000 }).toMatch(/enter the code: \S+/);
    const userCode = cli.stderr().match(/enter the code: (\S+)/)?.[1] as string;
    await expect.poll(cli.stderr).toMatch(/[▀▄█]{10}/); // --qr: the verification URL as a QR code
    await op.approveDeviceCode(userCode);
    const result = await cli.done;
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('Signed in as ann@example.com');
    const token = await runCli(['token', '--account', 'device'], { env: env() });
    expect(token.code).toBe(0);
    expect(token.stdout.trim().length).toBeGreaterThan(10);
  }, 40_000);
});

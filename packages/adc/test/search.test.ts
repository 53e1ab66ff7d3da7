// long-file: the whole ADC search order (env, gcloud file, GCE) and its memoisation, case by case
import { chmod, lstat, mkdir, readdir, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { ApplicationDefaultCredentialsError } from '@oauth2/core/errors';
import { DevshellCredentials } from '@oauth2/devshell';
import { AppAssertionCredentials } from '@oauth2/gce';
import { assertNoCanary, canary, LoopbackServer, rejectionOf } from '@oauth2/test-kit';
import { describe, expect, it, onTestFinished } from 'vitest';
import {
  ADC_HELP_MESSAGE,
  ApplicationDefaultCredentials,
  AuthorizedUserCredentials,
  formatAdcReport,
  getApplicationDefault,
} from '../src/index.js';
import {
  authorizedUser,
  countingFs,
  devshellServer,
  refusedPort,
  tempHome,
  useMetadataServer,
  useTempHome,
} from './helpers.js';

const home = useTempHome();
const metadata = useMetadataServer();

/** Options for a search in the temp home, with the metadata server reachable. */
const options = (env: Record<string, string> = {}) => ({
  env: { ...metadata.env(), ...env },
  homeDir: home.home,
  platform: 'linux' as const,
});

const adcError = (promise: Promise<unknown>) =>
  rejectionOf(promise, ApplicationDefaultCredentialsError);

describe('nothing configured', () => {
  it('fails with the help message and 0 probes with NO_GCE_CHECK=True', async () => {
    // The < 100 ms target is for benchmarks. Here a probe would be recorded and would hang (up
    // to the 3 s probe timeout), so 0 requests proves nothing was sent or awaited.
    metadata.script('/', { hang: true });
    const adc = new ApplicationDefaultCredentials(options({ NO_GCE_CHECK: 'True' }));
    const err = await adcError(adc.getApplicationDefault());
    expect(adc.lastReport?.sources[3]).toMatchObject({
      outcome: 'skipped',
      reason: 'NO_GCE_CHECK=True',
    });
    expect(err.message).toBe(ADC_HELP_MESSAGE);
    expect(err.message).toBe(
      'The Application Default Credentials are not available. They are available if running in Google Compute Engine. Otherwise, the environment variable GOOGLE_APPLICATION_CREDENTIALS must be defined pointing to a file defining the credentials. See https://developers.google.com/accounts/docs/application-default-credentials for more information.',
    );
    expect(metadata.count()).toBe(0);
  });

  it('fails with the help message after one refused probe, without waiting for the probe timeout', async () => {
    const port = await refusedPort();
    const urls: string[] = [];
    const adc = new ApplicationDefaultCredentials({
      env: { GCE_METADATA_HOST: `127.0.0.1:${port}` },
      homeDir: home.home,
      platform: 'linux',
      fetch: (input, init) => {
        urls.push(String(input));
        return globalThis.fetch(input, init);
      },
    });
    const started = performance.now();
    const err = await adcError(adc.getApplicationDefault());
    // The bound is 4 s and the target ~0.1 s (benchmarks); well below the 3 s probe
    // timeout proves the refusal ended the probe.
    expect(performance.now() - started).toBeLessThan(1500);
    expect(err.message).toBe(ADC_HELP_MESSAGE);
    expect(urls).toEqual([`http://127.0.0.1:${port}/`]);
    expect(adc.lastReport?.sources[3]?.reason).toContain('ECONNREFUSED');
  });

  it('gives up on a hanging metadata probe at the configured detection timeout', async () => {
    const hanging = await LoopbackServer.start();
    onTestFinished(() => hanging.close());
    hanging.route('GET', '/', { hang: true });
    const adc = new ApplicationDefaultCredentials({
      env: { GCE_METADATA_HOST: hanging.url.slice('http://'.length) },
      homeDir: home.home,
      // 1 s, not less: the first request of a process loads undici (0.1-0.3 s under load), and a
      // shorter timeout can fire before the probe has even reached the server.
      metadataProbeTimeoutMs: 1000,
    });
    const started = performance.now();
    expect((await adcError(adc.getApplicationDefault())).message).toBe(ADC_HELP_MESSAGE);
    // It waited for the probe (a lower bound: load only makes it later); the reason shows the
    // configured 1 s, not the 3 s default, applied.
    expect(performance.now() - started).toBeGreaterThanOrEqual(990);
    expect(adc.lastReport?.sources[3]).toMatchObject({
      outcome: 'skipped',
      reason: expect.stringContaining('timed out after 1000 ms'),
    });
    expect(hanging.count('/')).toBe(1);
  });
});

describe('GOOGLE_APPLICATION_CREDENTIALS (A1)', () => {
  it('uses the file it names', async () => {
    const path = await home.write('adc.json', authorizedUser({ quota_project_id: 'billing-proj' }));
    const credentials = await getApplicationDefault(
      options({ GOOGLE_APPLICATION_CREDENTIALS: path }),
    );
    expect(credentials).toBeInstanceOf(AuthorizedUserCredentials);
    const user = credentials as AuthorizedUserCredentials;
    expect([user.clientId, user.clientSecret, user.refreshToken, user.quotaProjectId]).toEqual([
      '123',
      'secret',
      'alabalaportocala',
      'billing-proj',
    ]);
    expect(user.tokenUri).toBe('https://oauth2.googleapis.com/token');
    expect(user.revokeUri).toBe('https://oauth2.googleapis.com/revoke');
  });

  it('names the variable when the file is missing, and does not fall through', async () => {
    await home.write('.config/gcloud/application_default_credentials.json', authorizedUser());
    const missing = join(home.home, 'nope.json');
    const adc = new ApplicationDefaultCredentials(
      options({ GOOGLE_APPLICATION_CREDENTIALS: missing }),
    );
    const err = await adcError(adc.getApplicationDefault());
    expect(err.message).toBe(
      `File ${missing} (pointed by GOOGLE_APPLICATION_CREDENTIALS environment variable) does not exist!`,
    );
    expect(metadata.count()).toBe(0);
    const report = await adc.explain();
    expect(report.sources.map((s) => s.outcome)).toEqual([
      'failed',
      'not tried',
      'not tried',
      'not tried',
    ]);
  });

  it('names the variable for a directory and for an unreadable file', async () => {
    const dir = join(home.home, 'a-dir');
    await mkdir(dir);
    const err = await adcError(
      getApplicationDefault(options({ GOOGLE_APPLICATION_CREDENTIALS: dir })),
    );
    expect(err.message).toContain('GOOGLE_APPLICATION_CREDENTIALS');
    expect(err.message).toContain('is a directory');
    const locked = await home.write('locked.json', authorizedUser());
    await chmod(locked, 0o000);
    // root reads a 000 file anyway, so there the denial comes from the injected file system.
    const denied = Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
    const fs = { ...countingFs(), readFile: () => Promise.reject(denied) };
    const unreadable = await adcError(
      getApplicationDefault({
        ...options({ GOOGLE_APPLICATION_CREDENTIALS: locked }),
        ...(process.getuid?.() === 0 && { fs }),
      }),
    );
    expect(unreadable.message).toBe(
      `An error was encountered while reading json file: ${locked} (pointed to by GOOGLE_APPLICATION_CREDENTIALS environment variable): cannot read the file (EACCES).`,
    );
    expect(metadata.count()).toBe(0);
  });

  it('wraps a malformed file with the variable and never shows key material (A2)', async () => {
    const key = `-----BEGIN PRIVATE KEY-----\n${canary()}\n-----END PRIVATE KEY-----\n`;
    const path = await home.write('bad.json', {
      type: 'external_thing',
      private_key: key,
      client_secret: canary(),
    });
    const lines: string[] = [];
    const adc = new ApplicationDefaultCredentials(
      options({ GOOGLE_APPLICATION_CREDENTIALS: path }),
    );
    const err = await adcError(adc.getApplicationDefault());
    expect(err.message).toBe(
      `An error was encountered while reading json file: ${path} (pointed to by GOOGLE_APPLICATION_CREDENTIALS environment variable): 'type' field should be defined (and have one of the 'authorized_user' or 'service_account' values)`,
    );
    assertNoCanary(err, 'the ADC error');
    const report = await adc.explain();
    lines.push(formatAdcReport(report));
    assertNoCanary(report, 'the report');
    assertNoCanary(lines, 'the formatted report');
  });

  it('wraps invalid JSON without quoting it', async () => {
    const secret = canary();
    const path = await home.write(
      'broken.json',
      `{"type": "authorized_user", "client_secret": "${secret}" "x": 1}`,
    );
    const err = await adcError(
      getApplicationDefault(options({ GOOGLE_APPLICATION_CREDENTIALS: path })),
    );
    expect(err.message).toMatch(
      /GOOGLE_APPLICATION_CREDENTIALS environment variable\): The file is not valid JSON \(error at character \d+\)\.$/,
    );
    assertNoCanary(err);
  });

  it('reads a valid symlink; a dangling one is a missing file', async () => {
    const target = await home.write('real.json', authorizedUser());
    const link = join(home.home, 'link.json');
    await symlink(target, link);
    expect(
      await getApplicationDefault(options({ GOOGLE_APPLICATION_CREDENTIALS: link })),
    ).toBeInstanceOf(AuthorizedUserCredentials);
    const dangling = join(home.home, 'dangling.json');
    await symlink(join(home.home, 'gone.json'), dangling);
    const err = await adcError(
      getApplicationDefault(options({ GOOGLE_APPLICATION_CREDENTIALS: dangling })),
    );
    expect(err.message).toContain('does not exist!');
  });
});

describe('gcloud well-known file', () => {
  it('is found under ~/.config/gcloud and under CLOUDSDK_CONFIG, before the metadata server', async () => {
    await home.write(
      '.config/gcloud/application_default_credentials.json',
      authorizedUser({ client_id: 'home' }),
    );
    const fromHome = (await getApplicationDefault(options())) as AuthorizedUserCredentials;
    expect(fromHome.clientId).toBe('home');
    await mkdir(join(home.home, 'other'));
    await home.write(
      'other/application_default_credentials.json',
      authorizedUser({ client_id: 'cloudsdk' }),
    );
    const fromConfig = (await getApplicationDefault(
      options({ CLOUDSDK_CONFIG: join(home.home, 'other') }),
    )) as AuthorizedUserCredentials;
    expect(fromConfig.clientId).toBe('cloudsdk');
    expect(metadata.count()).toBe(0);
  });

  it('comes after GOOGLE_APPLICATION_CREDENTIALS', async () => {
    await home.write(
      '.config/gcloud/application_default_credentials.json',
      authorizedUser({ client_id: 'gcloud' }),
    );
    const path = await home.write('env.json', authorizedUser({ client_id: 'env' }));
    const adc = new ApplicationDefaultCredentials(
      options({ GOOGLE_APPLICATION_CREDENTIALS: path }),
    );
    expect(((await adc.getApplicationDefault()) as AuthorizedUserCredentials).clientId).toBe('env');
    expect((await adc.explain()).sources.map((s) => s.outcome)).toEqual([
      'used',
      'not tried',
      'not tried',
      'not tried',
    ]);
  });

  it('wraps a malformed gcloud file with the gcloud hint', async () => {
    await home.write('.config/gcloud/application_default_credentials.json', {
      type: 'authorized_user',
      client_id: '1',
    });
    const err = await adcError(getApplicationDefault(options()));
    expect(err.message).toBe(
      `An error was encountered while reading json file: ${home.wellKnown} (produced automatically when running "gcloud auth login" command): The following field(s) must be defined: client_secret, refresh_token`,
    );
    expect(metadata.count()).toBe(0);
  });

  it('reads a symlinked gcloud file; a dangling link is an error, not a skip', async () => {
    const target = await home.write('real.json', authorizedUser({ client_id: 'linked' }));
    await symlink(target, home.wellKnown);
    expect(((await getApplicationDefault(options())) as AuthorizedUserCredentials).clientId).toBe(
      'linked',
    );
    const other = await tempHome();
    onTestFinished(() => other.cleanup());
    await symlink(join(other.home, 'gone.json'), other.wellKnown);
    const err = await adcError(getApplicationDefault({ env: metadata.env(), homeDir: other.home }));
    expect(err.message).toContain('symbolic link to a missing file');
    expect(metadata.count()).toBe(0);
  });
});

describe('Cloud Shell and Compute Engine', () => {
  it('uses the devshell when DEVSHELL_CLIENT_PORT is set, before the metadata server', async () => {
    const devshell = await devshellServer('["joe@example.com", "shell-proj", "shell-token", 3600]');
    onTestFinished(() => devshell.close());
    const adc = new ApplicationDefaultCredentials(
      options({ DEVSHELL_CLIENT_PORT: String(devshell.port) }),
    );
    const credentials = await adc.getApplicationDefault();
    expect(credentials).toBeInstanceOf(DevshellCredentials);
    expect((credentials as DevshellCredentials).accessToken).toBe('shell-token');
    expect(await adc.getProjectId()).toBe('shell-proj');
    expect(metadata.count()).toBe(0);
    expect((await adc.explain()).credentials).toEqual({
      type: 'cloud_shell',
      className: 'DevshellCredentials',
      email: 'joe@example.com',
    });
  });

  it('fails (no fall-through) when DEVSHELL_CLIENT_PORT is set but the server is gone', async () => {
    const port = await refusedPort();
    const err = await adcError(
      getApplicationDefault(options({ DEVSHELL_CLIENT_PORT: String(port) })),
    );
    expect(err.message).toContain('DEVSHELL_CLIENT_PORT is set');
    expect(err.message).toContain('ECONNREFUSED');
    expect(metadata.count()).toBe(0);
  });

  it('falls back to the metadata server, whose credentials work', async () => {
    const adc = new ApplicationDefaultCredentials({
      ...options(),
      scopes: ['https://www.googleapis.com/auth/cloud-platform'],
    });
    const credentials = await adc.getApplicationDefault();
    expect(credentials).toBeInstanceOf(AppAssertionCredentials);
    expect((await (credentials as AppAssertionCredentials).getAccessToken()).accessToken).toBe(
      'ya29.fake-1',
    );
    expect(
      metadata
        .requestsTo('/computeMetadata/v1/instance/service-accounts/default/token')[0]
        ?.query.get('scopes'),
    ).toBe('https://www.googleapis.com/auth/cloud-platform');
    expect(metadata.count('/')).toBe(1);
    const report = await adc.explain();
    expect(report.sources.map((s) => [s.source, s.outcome])).toEqual([
      ['GOOGLE_APPLICATION_CREDENTIALS', 'skipped'],
      ['gcloud', 'skipped'],
      ['devshell', 'skipped'],
      ['metadata', 'used'],
    ]);
    expect(report.sources[1]?.reason).toBe(`no file at ${home.wellKnown}`);
    expect(await adc.getProjectId()).toBe('fake-project');
  });
});

describe('memoisation (A3)', () => {
  it('makes 0 file or network operations on the second call, and shares a search in flight', async () => {
    await home.write('.config/gcloud/application_default_credentials.json', authorizedUser());
    const fs = countingFs();
    const adc = new ApplicationDefaultCredentials({ ...options(), fs });
    const [a, b] = await Promise.all([adc.getApplicationDefault(), adc.getApplicationDefault()]);
    expect(a).toBe(b);
    const calls = fs.calls.length;
    expect(calls).toBeGreaterThan(0);
    expect(await adc.getApplicationDefault()).toBe(a);
    expect(fs.calls.length).toBe(calls);
    // per instance, not global
    expect(
      await new ApplicationDefaultCredentials({ ...options(), fs }).getApplicationDefault(),
    ).not.toBe(a);
  });

  it('never writes: the config tree is unchanged by a search and a project lookup', async () => {
    await home.write('.config/gcloud/application_default_credentials.json', authorizedUser());
    const before = await snapshot(home.home);
    const adc = new ApplicationDefaultCredentials(options());
    await adc.getApplicationDefault();
    await adc.getProjectId();
    await adc.explain();
    expect(await snapshot(home.home)).toEqual(before);
  });

  it('memoises the metadata detection: 1 probe for many calls', async () => {
    const adc = new ApplicationDefaultCredentials(options());
    await Promise.all(Array.from({ length: 50 }, () => adc.getApplicationDefault()));
    await adc.getApplicationDefault();
    expect(metadata.count('/')).toBe(1);
  });

  it('does not memoise a failure', async () => {
    const adc = new ApplicationDefaultCredentials(options({ NO_GCE_CHECK: 'True' }));
    await adcError(adc.getApplicationDefault());
    await home.write('.config/gcloud/application_default_credentials.json', authorizedUser());
    expect(await adc.getApplicationDefault()).toBeInstanceOf(AuthorizedUserCredentials);
  });
});

describe('explain()', () => {
  it('reports every source in order, with reasons and timings, redacted', async () => {
    const secret = canary();
    await home.write(
      '.config/gcloud/application_default_credentials.json',
      authorizedUser({ client_secret: secret, refresh_token: canary(), quota_project_id: 'q' }),
    );
    const adc = new ApplicationDefaultCredentials(options());
    const report = await adc.explain();
    expect(report.ok).toBe(true);
    expect(report.sources).toEqual([
      {
        source: 'GOOGLE_APPLICATION_CREDENTIALS',
        label: 'GOOGLE_APPLICATION_CREDENTIALS',
        outcome: 'skipped',
        reason: 'not set',
        durationMs: expect.any(Number),
      },
      {
        source: 'gcloud',
        label: 'gcloud well-known file',
        outcome: 'used',
        reason: 'the file exists (authorized_user)',
        path: home.wellKnown,
        durationMs: expect.any(Number),
      },
      {
        source: 'devshell',
        label: 'Cloud Shell (devshell)',
        outcome: 'not tried',
        reason: 'an earlier source decided',
        durationMs: 0,
      },
      {
        source: 'metadata',
        label: 'Compute Engine metadata server',
        outcome: 'not tried',
        reason: 'an earlier source decided',
        durationMs: 0,
      },
    ]);
    expect(report.credentials).toEqual({
      type: 'authorized_user',
      className: 'AuthorizedUserCredentials',
      clientId: '123',
      quotaProjectId: 'q',
      tokenUri: 'https://oauth2.googleapis.com/token',
    });
    assertNoCanary(report);
    const text = formatAdcReport(report);
    expect(text).toContain('2. gcloud well-known file');
    expect(text).toContain(
      '=> AuthorizedUserCredentials (authorized_user): client_id 123, quota project q',
    );
    assertNoCanary(text);
    expect(await adc.getApplicationDefault()).toBeDefined(); // the same, memoised search
  });

  it('reports the error without throwing', async () => {
    const report = await new ApplicationDefaultCredentials(
      options({ NO_GCE_CHECK: 'True' }),
    ).explain();
    expect(report.ok).toBe(false);
    expect(report.error).toEqual({
      name: 'ApplicationDefaultCredentialsError',
      code: 'application_default_credentials',
      message: ADC_HELP_MESSAGE,
    });
    expect(report.sources[3]).toMatchObject({ outcome: 'skipped', reason: 'NO_GCE_CHECK=True' });
  });
});

describe('quota project and project id', () => {
  it('sends x-goog-user-project with the quota project from the file', async () => {
    const server = await LoopbackServer.start();
    onTestFinished(() => server.close());
    server.route('POST', '/token', {
      body: { access_token: 'ya29.q', expires_in: 3600, token_type: 'Bearer' },
    });
    server.route('GET', '/api', { body: 'ok' });
    const path = await home.write(
      'adc.json',
      authorizedUser({ quota_project_id: 'billing-proj', token_uri: server.urlOf('/token') }),
    );
    const credentials = await getApplicationDefault(
      options({ GOOGLE_APPLICATION_CREDENTIALS: path }),
    );
    await credentials.authorize()(server.urlOf('/api'));
    const api = server.requestsTo('/api')[0];
    expect(api?.headers['x-goog-user-project']).toBe('billing-proj');
    expect(api?.headers.authorization).toBe('Bearer ya29.q');
    expect(server.requestsTo('/token')[0]?.form.get('refresh_token')).toBe('alabalaportocala');
  });

  it('finds the project from the environment, then gcloud config, without running gcloud', async () => {
    await home.write('.config/gcloud/application_default_credentials.json', authorizedUser());
    expect(
      await new ApplicationDefaultCredentials(
        options({ GOOGLE_CLOUD_PROJECT: 'env-proj' }),
      ).getProjectId(),
    ).toBe('env-proj');
    expect(
      await new ApplicationDefaultCredentials(
        options({ GCLOUD_PROJECT: 'legacy-proj' }),
      ).getProjectId(),
    ).toBe('legacy-proj');
    await mkdir(join(home.gcloudDir, 'configurations'));
    await home.write(
      '.config/gcloud/configurations/config_default',
      '[core]\nproject = gcloud-proj\n',
    );
    expect(await new ApplicationDefaultCredentials(options()).getProjectId()).toBe('gcloud-proj');
    expect(metadata.count()).toBe(0);
  });
});

/** Every entry under `dir` with its size, mode and modification time. */
async function snapshot(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true });
  const out: string[] = [];
  for (const entry of entries.sort()) {
    const s = await lstat(join(dir, entry));
    out.push(`${entry} ${s.size} ${s.mode} ${s.mtimeMs}`);
  }
  return out;
}

import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { GoogleCredentials } from '@oauth2/core';
import { ApplicationDefaultCredentialsError, NotSerializableError } from '@oauth2/core/errors';
import { DevshellCredentials } from '@oauth2/devshell';
import { AppAssertionCredentials } from '@oauth2/gce';
import {
  assertNoCanary,
  canary,
  fixturePath,
  fixtureText,
  rejectionOf,
  runPython,
} from '@oauth2/test-kit';
import { describe, expect, it } from 'vitest';
import { AuthorizedUserCredentials, fromStream, saveToWellKnownFile } from '../src/index.js';
import { authorizedUser, devshellServer, useTempHome } from './helpers.js';

const gcloud = (name: string) => fixturePath(`upstream-tests-data-v4.1.3/gcloud/${name}`);

const home = useTempHome();

const adcError = (promise: Promise<unknown>) =>
  rejectionOf(promise, ApplicationDefaultCredentialsError);

describe('fromStream (spec §12.3)', () => {
  it('loads the upstream authorized_user file', async () => {
    const credentials = await fromStream(
      gcloud('application_default_credentials_authorized_user.json'),
    );
    expect(credentials).toBeInstanceOf(AuthorizedUserCredentials);
    expect(credentials).toBeInstanceOf(GoogleCredentials);
    const user = credentials as AuthorizedUserCredentials;
    expect([user.clientId, user.clientSecret, user.refreshToken]).toEqual([
      '123',
      'secret',
      'alabalaportocala',
    ]);
    expect(user.createScopedRequired()).toBe(false);
    expect(user.createScoped(['x'])).toBe(user);
  });

  it('refuses a path that is not a file, naming it', async () => {
    const missing = join(home.home, 'missing.json');
    expect((await adcError(fromStream(missing))).message).toBe(
      `The parameter passed to the fromStream() method should point to a file: "${missing}" does not exist.`,
    );
    expect((await adcError(fromStream(home.home))).message).toBe(
      `The parameter passed to the fromStream() method should point to a file: "${home.home}" is not a regular file.`,
    );
  });

  it.each([
    [
      'application_default_credentials_malformed_1.json',
      "'type' field should be defined (and have one of the 'authorized_user' or 'service_account' values)",
    ],
    [
      'application_default_credentials_malformed_2.json',
      'The following field(s) must be defined: private_key_id',
    ],
    [
      'application_default_credentials_malformed_3.json',
      'The file is not valid JSON (error at character',
    ],
  ])('wraps the problem of %s', async (name, detail) => {
    const path = gcloud(name);
    const err = await adcError(fromStream(path));
    expect(
      err.message.startsWith(
        `An error was encountered while reading json file: ${path} (provided as parameter to the fromStream() method): ${detail}`,
      ),
    ).toBe(true);
    expect(err.message).not.toContain('BEGIN PRIVATE KEY');
    expect(err.message).not.toContain('MIIEvg');
  });
});

describe('saveToWellKnownFile (spec §12.4)', () => {
  const credentials = () =>
    new GoogleCredentials({
      clientId: '123',
      clientSecret: 'secret',
      refreshToken: 'alabalaportocala',
    });

  it('writes sorted, 2-space JSON byte-equal to oauth2client, mode 0600, to the well-known path', async () => {
    await saveToWellKnownFile(credentials(), undefined, {
      env: {},
      homeDir: home.home,
      platform: 'linux',
    });
    const bytes = await readFile(home.wellKnown);
    expect(bytes.equals(Buffer.from(fixtureText('v1.5.2-well-known-authorized_user.json')))).toBe(
      true,
    );
    expect((await stat(home.wellKnown)).mode & 0o777).toBe(0o600);
  });

  it('honours CLOUDSDK_CONFIG and an explicit path, replacing a 0644 file with a 0600 one', async () => {
    const target = join(home.home, 'explicit.json');
    await writeFile(target, 'old', { mode: 0o644 });
    await saveToWellKnownFile(credentials(), target);
    expect(JSON.parse(await readFile(target, 'utf8'))).toEqual(authorizedUser());
    expect((await stat(target)).mode & 0o777).toBe(0o600);
    await saveToWellKnownFile(credentials(), undefined, { env: { CLOUDSDK_CONFIG: home.home } });
    expect(
      JSON.parse(await readFile(join(home.home, 'application_default_credentials.json'), 'utf8'))
        .type,
    ).toBe('authorized_user');
  });

  it('writes quota_project_id for user credentials that have one', async () => {
    const withQuota = new AuthorizedUserCredentials({
      clientId: 'c',
      clientSecret: 's',
      refreshToken: 'r',
      quotaProjectId: 'q',
    });
    await saveToWellKnownFile(withQuota, home.wellKnown);
    expect(await readFile(home.wellKnown, 'utf8')).toBe(
      '{\n  "client_id": "c",\n  "client_secret": "s",\n  "quota_project_id": "q",\n  "refresh_token": "r",\n  "type": "authorized_user"\n}',
    );
  });

  it('fails when the config directory does not exist', async () => {
    const dir = join(home.home, 'no-such-dir');
    const err = await adcError(
      saveToWellKnownFile(credentials(), undefined, { env: { CLOUDSDK_CONFIG: dir } }),
    );
    expect(err.message).toBe(`Config directory does not exist: ${dir}`);
  });

  it('refuses Compute Engine and Cloud Shell credentials (D2)', async () => {
    await expect(
      saveToWellKnownFile(new AppAssertionCredentials({ env: {} }), home.wellKnown),
    ).rejects.toThrow(
      new NotSerializableError('Cannot serialize credentials for GCE service accounts.'),
    );
    const devshell = await devshellServer('["a@b.c", "p", "t", 10]');
    try {
      const shell = await DevshellCredentials.create({
        env: { DEVSHELL_CLIENT_PORT: String(devshell.port) },
      });
      await expect(saveToWellKnownFile(shell, home.wellKnown)).rejects.toThrow(
        NotSerializableError,
      );
    } finally {
      await devshell.close();
    }
    await expect(stat(home.wellKnown)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('round-trips through fromStream', async () => {
    const secret = canary();
    await saveToWellKnownFile(
      new GoogleCredentials({ clientId: 'c', clientSecret: secret, refreshToken: 'r' }),
      home.wellKnown,
    );
    const loaded = (await fromStream(home.wellKnown)) as AuthorizedUserCredentials;
    expect(loaded.clientSecret).toBe(secret);
    assertNoCanary(loaded, 'the loaded credential');
  });
});

describe('interop with the Python original', () => {
  it('the file written here loads with GoogleCredentials.from_stream', async () => {
    await saveToWellKnownFile(credentials2(), home.wellKnown);
    const out = await runPython(
      [
        'import sys, json',
        'from oauth2client.client import GoogleCredentials',
        'c = GoogleCredentials.from_stream(sys.stdin.read())',
        'print(json.dumps([type(c).__name__, c.client_id, c.client_secret, c.refresh_token, c.create_scoped_required()]))',
      ].join('\n'),
      home.wellKnown,
    );
    expect(JSON.parse(out)).toEqual([
      'GoogleCredentials',
      '123',
      'secret',
      'alabalaportocala',
      false,
    ]);
  });

  it("Python's save_to_well_known_file output equals ours byte for byte", async () => {
    const pyPath = join(home.home, 'py.json');
    await runPython(
      [
        'import sys',
        'from oauth2client.client import GoogleCredentials, save_to_well_known_file',
        "c = GoogleCredentials(None, '123', 'secret', 'alabalaportocala', None, 'https://oauth2.googleapis.com/token', None)",
        'save_to_well_known_file(c, sys.stdin.read())',
      ].join('\n'),
      pyPath,
    );
    await saveToWellKnownFile(credentials2(), home.wellKnown);
    expect(await readFile(home.wellKnown, 'utf8')).toBe(await readFile(pyPath, 'utf8'));
  });
});

function credentials2(): GoogleCredentials {
  return new GoogleCredentials({
    clientId: '123',
    clientSecret: 'secret',
    refreshToken: 'alabalaportocala',
  });
}

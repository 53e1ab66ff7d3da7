import { readFile } from 'node:fs/promises';
import { ServiceAccountCredentials } from '@oauth2/crypt';
import { FakeMetadataServer } from '@oauth2/gce/testing';
import {
  assertNoCanary,
  canary,
  fixtureJson,
  fixturePath,
  LoopbackServer,
  runPython,
  testKeys,
} from '@oauth2/test-kit';
import { afterEach, beforeEach, describe, expect, it, onTestFinished } from 'vitest';
import {
  ApplicationDefaultCredentials,
  fromStream,
  getApplicationDefault,
  type ServiceAccountFileCredentials,
  saveToWellKnownFile,
} from '../src/index.js';
import { useTempHome } from './helpers.js';

const SA_FIXTURE = 'upstream-tests-data-v4.1.3/gcloud/application_default_credentials.json';

const home = useTempHome();

function keyFile(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: 'service_account',
    project_id: 'sa-project',
    private_key_id: 'kid-1',
    private_key: testKeys.privateKeyPem,
    client_email: 'robot@sa-project.iam.gserviceaccount.com',
    client_id: '1234',
    ...extra,
  };
}

describe('service_account files (through @oauth2/crypt)', () => {
  it('loads the upstream gcloud service-account file (PKCS#8 with Bag Attributes)', async () => {
    const credentials = await fromStream(fixturePath(SA_FIXTURE));
    expect(credentials).toBeInstanceOf(ServiceAccountCredentials);
    const sa = credentials as ServiceAccountCredentials;
    expect(sa.serviceAccountEmail).toBe('dummy@google.com');
    expect(sa.privateKeyId).toBe('ABCDEF');
    expect(sa.createScopedRequired()).toBe(true); // no scopes yet (spec §12.5)
    const scoped = await fromStream(fixturePath(SA_FIXTURE), {
      scopes: ['https://www.googleapis.com/auth/cloud-platform'],
    });
    expect((scoped as ServiceAccountCredentials).createScopedRequired()).toBe(false);
  });

  it('gets a token with a signed assertion from the token endpoint the options name', async () => {
    const server = await LoopbackServer.start();
    onTestFinished(() => server.close());
    server.route('POST', '/token', {
      body: { access_token: 'ya29.sa', expires_in: 3600, token_type: 'Bearer' },
    });
    const path = await home.write('sa.json', keyFile());
    const adc = new ApplicationDefaultCredentials({
      env: { GOOGLE_APPLICATION_CREDENTIALS: path },
      homeDir: home.home,
      scopes: 'https://www.googleapis.com/auth/cloud-platform',
      tokenUri: server.urlOf('/token'),
    });
    const credentials = (await adc.getApplicationDefault()) as ServiceAccountCredentials;
    expect((await credentials.getAccessToken()).accessToken).toBe('ya29.sa');
    const form = server.requestsTo('/token')[0]?.form;
    expect(form?.get('grant_type')).toBe('urn:ietf:params:oauth:grant-type:jwt-bearer');
    const claims = JSON.parse(
      Buffer.from(form?.get('assertion')?.split('.')[1] ?? '', 'base64url').toString(),
    );
    expect(claims).toMatchObject({
      iss: 'robot@sa-project.iam.gserviceaccount.com',
      scope: 'https://www.googleapis.com/auth/cloud-platform',
      aud: server.urlOf('/token'),
    });
    expect(await adc.getProjectId()).toBe('sa-project');
    expect((await adc.explain()).credentials).toEqual({
      type: 'service_account',
      className: 'ServiceAccountFileCredentials',
      email: 'robot@sa-project.iam.gserviceaccount.com',
    });
  });

  it('never shows key material when the key is unusable (A2)', async () => {
    const key = `-----BEGIN PRIVATE KEY-----\n${canary()}\n-----END PRIVATE KEY-----\n`;
    const path = await home.write('sa.json', keyFile({ private_key: key }));
    const adc = new ApplicationDefaultCredentials({
      env: { GOOGLE_APPLICATION_CREDENTIALS: path },
      homeDir: home.home,
    });
    const err = await adc.getApplicationDefault().catch((e: unknown) => e);
    expect((err as Error).message).toContain(
      `An error was encountered while reading json file: ${path} (pointed to by GOOGLE_APPLICATION_CREDENTIALS environment variable): `,
    );
    assertNoCanary(err, 'the error');
    assertNoCanary(await adc.explain(), 'the report');
  });

  it('saves a service account as a key file that Python reads back', async () => {
    const credentials = await fromStream(await home.write('sa.json', keyFile()));
    await saveToWellKnownFile(credentials, home.wellKnown);
    const written = JSON.parse(await readFile(home.wellKnown, 'utf8')) as Record<string, unknown>;
    expect(written).toMatchObject({
      type: 'service_account',
      client_email: 'robot@sa-project.iam.gserviceaccount.com',
      client_id: '1234',
      private_key_id: 'kid-1',
    });
    const out = await runPython(
      [
        'import sys, json',
        'from oauth2client.client import GoogleCredentials',
        'c = GoogleCredentials.from_stream(sys.stdin.read())',
        'print(json.dumps([type(c).__name__, c.service_account_email, c._private_key_id]))',
      ].join('\n'),
      home.wellKnown,
    );
    expect(JSON.parse(out)).toEqual([
      '_JWTAccessCredentials',
      'robot@sa-project.iam.gserviceaccount.com',
      'kid-1',
    ]);
  });

  it('prefers a service-account file over the metadata server', async () => {
    const metadata = await FakeMetadataServer.start();
    onTestFinished(() => metadata.close());
    const path = await home.write('sa.json', keyFile());
    await home.write(
      '.config/gcloud/application_default_credentials.json',
      keyFile({ client_email: 'gcloud@x.iam.gserviceaccount.com' }),
    );
    const fromEnv = await getApplicationDefault({
      env: { ...metadata.env(), GOOGLE_APPLICATION_CREDENTIALS: path },
      homeDir: home.home,
    });
    expect((fromEnv as ServiceAccountCredentials).serviceAccountEmail).toBe(
      'robot@sa-project.iam.gserviceaccount.com',
    );
    const fromGcloud = await getApplicationDefault({ env: metadata.env(), homeDir: home.home });
    expect((fromGcloud as ServiceAccountCredentials).serviceAccountEmail).toBe(
      'gcloud@x.iam.gserviceaccount.com',
    );
    expect(metadata.count()).toBe(0);
    expect(fixtureJson<Record<string, string>>(SA_FIXTURE).type).toBe('service_account');
  });
});

describe('quota project of service-account files', () => {
  let server: LoopbackServer;
  beforeEach(async () => {
    server = await LoopbackServer.start();
    server.route(
      'POST',
      '/token',
      { body: { access_token: 'ya29.sa-1', expires_in: 3600, token_type: 'Bearer' } },
      { body: { access_token: 'ya29.sa-2', expires_in: 3600, token_type: 'Bearer' } },
    );
    server.route('GET', '/api', { body: 'ok' });
  });
  afterEach(async () => {
    await server.close();
  });

  const load = async (extra: Record<string, unknown>) => {
    const path = await home.write(
      'sa.json',
      keyFile({ token_uri: server.urlOf('/token'), ...extra }),
    );
    const adc = new ApplicationDefaultCredentials({
      env: { GOOGLE_APPLICATION_CREDENTIALS: path },
      homeDir: home.home,
      scopes: 'https://www.googleapis.com/auth/cloud-platform',
    });
    return {
      adc,
      credentials: (await adc.getApplicationDefault()) as ServiceAccountFileCredentials,
    };
  };

  it('sends x-goog-user-project on API calls, not on the token request', async () => {
    const { adc, credentials } = await load({ quota_project_id: 'billing-proj' });
    expect(credentials).toBeInstanceOf(ServiceAccountCredentials);
    expect(credentials.quotaProjectId).toBe('billing-proj');
    const res = await credentials.authorize()(server.urlOf('/api'));
    expect(res.status).toBe(200);
    const api = server.requestsTo('/api')[0];
    expect(api?.headers['x-goog-user-project']).toBe('billing-proj');
    expect(api?.headers.authorization).toBe('Bearer ya29.sa-1');
    const token = server.requestsTo('/token')[0];
    expect(token?.form.get('grant_type')).toBe('urn:ietf:params:oauth:grant-type:jwt-bearer');
    expect(token?.headers['x-goog-user-project']).toBeUndefined();
    expect((await adc.explain()).credentials).toEqual({
      type: 'service_account',
      className: 'ServiceAccountFileCredentials',
      email: 'robot@sa-project.iam.gserviceaccount.com',
      quotaProjectId: 'billing-proj',
    });
  });

  it('keeps the quota project on scoped and delegated copies', async () => {
    const { credentials } = await load({ quota_project_id: 'billing-proj' });
    const scoped = credentials.createScoped('https://www.googleapis.com/auth/devstorage.read_only');
    const delegated = scoped.createDelegated('user@example.com');
    expect(scoped).not.toBe(credentials);
    for (const copy of [scoped, delegated]) {
      expect((copy as ServiceAccountFileCredentials).quotaProjectId).toBe('billing-proj');
    }
    await delegated.authorize()(server.urlOf('/api'));
    const claims = JSON.parse(
      Buffer.from(
        server.requestsTo('/token')[0]?.form.get('assertion')?.split('.')[1] ?? '',
        'base64url',
      ).toString(),
    );
    expect(claims).toMatchObject({
      scope: 'https://www.googleapis.com/auth/devstorage.read_only',
      sub: 'user@example.com',
    });
    expect(server.requestsTo('/api')[0]?.headers['x-goog-user-project']).toBe('billing-proj');
  });

  it('sends no x-goog-user-project without a quota project (or an empty one)', async () => {
    for (const extra of [{}, { quota_project_id: '' }]) {
      server.clearRequests();
      const { credentials } = await load(extra);
      expect(credentials.quotaProjectId).toBeUndefined();
      await credentials.authorize()(server.urlOf('/api'));
      expect(server.requestsTo('/api')[0]?.headers).not.toHaveProperty('x-goog-user-project');
    }
  });

  it('saves quota_project_id, and the saved file loads here and in Python', async () => {
    const credentials = await fromStream(
      await home.write('sa.json', keyFile({ quota_project_id: 'billing-proj' })),
    );
    await saveToWellKnownFile(credentials, home.wellKnown);
    const written = JSON.parse(await readFile(home.wellKnown, 'utf8')) as Record<string, unknown>;
    expect(written.quota_project_id).toBe('billing-proj');
    const reloaded = (await fromStream(home.wellKnown)) as ServiceAccountFileCredentials;
    expect(reloaded.quotaProjectId).toBe('billing-proj');
    const out = await runPython(
      [
        'import sys, json',
        'from oauth2client.client import GoogleCredentials',
        'c = GoogleCredentials.from_stream(sys.stdin.read())',
        'print(json.dumps([type(c).__name__, c.service_account_email]))',
      ].join('\n'),
      home.wellKnown,
    );
    expect(JSON.parse(out)).toEqual([
      '_JWTAccessCredentials',
      'robot@sa-project.iam.gserviceaccount.com',
    ]);
  });
});

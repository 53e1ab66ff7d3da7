import { inspect } from 'node:util';
import { Credentials } from '@oauth2/core';
import {
  HttpAccessTokenRefreshError,
  NotSerializableError,
  TokenResponseError,
  UnknownCredentialsTypeError,
} from '@oauth2/core/errors';
import {
  assertNoCanary,
  canary,
  FrozenClock,
  fixtureText,
  LoopbackServer,
  rejectionOf,
} from '@oauth2/test-kit';
import { beforeEach, describe, expect, it } from 'vitest';
import { useMetadataServer } from '../test/helpers.js';
import { AppAssertionCredentials, ComputeCredentials, MetadataError } from './index.js';

const TOKEN_PATH = '/computeMetadata/v1/instance/service-accounts/default/token';

const server = useMetadataServer();
let clock: FrozenClock;
beforeEach(() => {
  clock = new FrozenClock();
});

describe('AppAssertionCredentials', () => {
  it('gets a token from the metadata server and computes the expiry on the local clock', async () => {
    const credentials = new AppAssertionCredentials({ env: server.env(), clock });
    expect(await credentials.getAccessToken()).toEqual({
      accessToken: 'ya29.fake-1',
      expiresIn: 3599,
    });
    expect(credentials.tokenExpiry?.getTime()).toBe(clock.now() + 3599_000);
    expect(server.requestsTo(TOKEN_PATH)[0]?.headers['metadata-flavor']).toBe('Google');
    expect(ComputeCredentials).toBe(AppAssertionCredentials);
  });

  it('shares one metadata request among concurrent callers, and refreshes eagerly near expiry', async () => {
    const credentials = new AppAssertionCredentials({ env: server.env(), clock });
    const tokens = await Promise.all(
      Array.from({ length: 100 }, () => credentials.getAccessToken()),
    );
    expect(new Set(tokens.map((t) => t.accessToken))).toEqual(new Set(['ya29.fake-1']));
    expect(server.count(TOKEN_PATH)).toBe(1);
    clock.advance(3599_000 - 299_000); // inside the 5-minute window
    expect((await credentials.getAccessToken()).accessToken).toBe('ya29.fake-2');
    expect(server.count(TOKEN_PATH)).toBe(2);
  });

  it('authorizes requests with the bearer token and refreshes once on a 401', async () => {
    const api = await LoopbackServer.start();
    try {
      api.route('GET', '/data', { status: 401 }, { body: { ok: true } });
      const credentials = new AppAssertionCredentials({ env: server.env(), clock });
      const res = await credentials.authorize()(api.urlOf('/data'));
      expect(res.status).toBe(200);
      expect(api.requests.map((r) => r.headers.authorization)).toEqual([
        'Bearer ya29.fake-1',
        'Bearer ya29.fake-2',
      ]);
    } finally {
      await api.close();
    }
  });

  it('requests scopes with createScoped, which is never required and shares the metadata client', async () => {
    const base = new AppAssertionCredentials({ env: server.env(), clock });
    expect(base.createScopedRequired()).toBe(false);
    const scoped = base.createScoped([
      'https://www.googleapis.com/auth/devstorage.read_only',
      'email',
    ]);
    expect(scoped).not.toBe(base);
    expect(scoped.metadata).toBe(base.metadata);
    await scoped.getAccessToken();
    expect(server.requestsTo(TOKEN_PATH)[0]?.query.get('scopes')).toBe(
      'https://www.googleapis.com/auth/devstorage.read_only,email',
    );
    await base.getAccessToken();
    expect(server.requestsTo(TOKEN_PATH)[1]?.query.has('scopes')).toBe(false);
  });

  it('is not serializable, with a clear error', () => {
    const credentials = new AppAssertionCredentials({ env: server.env() });
    expect(() => credentials.toJson()).toThrow(NotSerializableError);
    expect(() => credentials.toJson()).toThrow(
      'Cannot serialize credentials for GCE service accounts.',
    );
    expect(() => credentials.serializationData).toThrow(NotSerializableError);
  });

  it('loads the oauth2client 1.5.2 JSON once registered, keeping only the scope', () => {
    const json = fixtureText('v1.5.2-gce-AppAssertionCredentials.json');
    expect(() => Credentials.newFromJson(json)).toThrow(UnknownCredentialsTypeError); // no import-time registration
    Credentials.register(AppAssertionCredentials);
    const loaded = Credentials.newFromJson(fixtureText('v1.5.2-gce-AppAssertionCredentials.json'));
    expect(loaded).toBeInstanceOf(AppAssertionCredentials);
    expect([...(loaded as AppAssertionCredentials).scopes]).toEqual([
      'http://example.com/a',
      'http://example.com/b',
    ]);
    expect((loaded as AppAssertionCredentials).accessToken).toBeNull();
    const contrib = Credentials.newFromJson({
      _module: 'oauth2client.contrib.gce',
      _class: 'AppAssertionCredentials',
    });
    expect(contrib).toBeInstanceOf(AppAssertionCredentials);
  });

  it('surfaces a missing service account as a refresh error with the hint', async () => {
    const credentials = new AppAssertionCredentials({
      env: server.env(),
      serviceAccount: 'none@example.com',
    });
    const err = await credentials.getAccessToken().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MetadataError);
    expect(err).toBeInstanceOf(HttpAccessTokenRefreshError);
    expect((err as MetadataError).code).toBe('service_account_not_found');
    expect((err as MetadataError).message).toContain('no service account or scopes');
  });

  it('never shows the token in inspect or JSON.stringify', async () => {
    const token = canary('ya29.');
    server.serviceAccounts.default = { email: 'sa@example.com', scopes: ['s'], token };
    const credentials = new AppAssertionCredentials({ env: server.env() });
    expect((await credentials.getAccessToken()).accessToken).toBe(token);
    assertNoCanary(credentials, 'the credential');
    expect(inspect(credentials)).toContain('[redacted]');
  });

  it('reads the service account info and retrieves the VM scopes', async () => {
    const credentials = new AppAssertionCredentials({ env: server.env() });
    expect((await credentials.getServiceAccountInfo()).email).toBe(
      '123456789-compute@developer.gserviceaccount.com',
    );
    expect([...(await credentials.retrieveScopes())]).toEqual([
      'https://www.googleapis.com/auth/cloud-platform',
    ]);
    expect([...credentials.scopes]).toEqual(['https://www.googleapis.com/auth/cloud-platform']);
  });

  it.each([0, 1e12, 2 ** 31])(
    "R13: expires_in %s from the metadata server is refused like a token endpoint's (TokenResponseError, nothing applied)",
    async (expiresIn) => {
      const account = server.serviceAccounts.default;
      if (account) account.expiresIn = expiresIn;
      const credentials = new AppAssertionCredentials({ env: server.env(), clock });
      await rejectionOf(credentials.getAccessToken(), TokenResponseError, {
        code: 'invalid_token_response',
        field: 'expires_in',
      });
      expect([credentials.accessToken, credentials.tokenExpiry]).toEqual([null, null]);
    },
  );

  it('the shared metadata request stops once every waiter aborted (core single flight)', async () => {
    server.script(TOKEN_PATH, { hang: true });
    const credentials = new AppAssertionCredentials({ env: server.env() });
    const controllers = [new AbortController(), new AbortController()];
    const waits = controllers.map((c) => credentials.refresh({ signal: c.signal }));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(server.count(TOKEN_PATH)).toBe(1);
    for (const c of controllers) c.abort(new Error('gave up'));
    for (const wait of waits) await expect(wait).rejects.toThrow('gave up');
    // No retry follows the aborted attempt, and a new call starts afresh.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(server.count(TOKEN_PATH)).toBe(1);
    server.script(TOKEN_PATH);
    await credentials.refresh();
    expect(server.count(TOKEN_PATH)).toBe(2);
  });

  it('lets a caller abort its wait', async () => {
    server.script(TOKEN_PATH, { delayMs: 300 });
    const credentials = new AppAssertionCredentials({ env: server.env() });
    const controller = new AbortController();
    const pending = credentials.refresh({ signal: controller.signal });
    controller.abort(new Error('gave up'));
    await expect(pending).rejects.toThrow('gave up');
  });
});

import type { ScopableCredentials } from '@oauth2/core';
import { LoopbackServer, testKeys } from '@oauth2/test-kit';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it, vi } from 'vitest';
import { JwtAccessCredentials } from '../src/jwt-access-credentials.js';
import { ServiceAccountCredentials } from '../src/service-account-credentials.js';
import { SignedJwtAssertionCredentials } from '../src/signed-jwt-assertion-credentials.js';

let server: LoopbackServer;
beforeAll(async () => {
  server = await LoopbackServer.start();
});
afterAll(() => server.close());

const email = 'sa@project.iam.gserviceaccount.com';
const aborters = () => [new AbortController(), new AbortController()];

describe('assertion and JWT-access credentials use core’s one refresh hook (fetchToken)', () => {
  it.each([
    [
      'ServiceAccountCredentials',
      (tokenUri: string) =>
        ServiceAccountCredentials.fromPem(email, testKeys.privateKeyPem, { tokenUri, scopes: 's' }),
    ],
    [
      'SignedJwtAssertionCredentials',
      (tokenUri: string) =>
        new SignedJwtAssertionCredentials(email, testKeys.privateKeyPem, 's', { tokenUri }),
    ],
  ])('%s: the shared token request stops once every waiter aborted', async (name, make) => {
    const path = `/token-${name}`;
    server.route('POST', path, { hang: true });
    const credentials = make(server.urlOf(path));
    const controllers = aborters();
    const waits = controllers.map((c) => credentials.refresh({ signal: c.signal }));
    await vi.waitFor(() => expect(server.count(path)).toBe(1), { timeout: 5000 });
    for (const c of controllers) c.abort(new Error('gave up'));
    for (const wait of waits) await expect(wait).rejects.toThrow('gave up');
    // No retry follows, and the next refresh starts afresh instead of joining a hung request.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(server.count(path)).toBe(1);
    expect(credentials.accessToken).toBeNull();
    server.route('POST', path, { body: { access_token: 'fresh', expires_in: 3600 } });
    await credentials.refresh();
    expect([server.count(path), credentials.accessToken]).toEqual([2, 'fresh']);
  });

  it('JwtAccessCredentials: a refresh every waiter aborted applies no token', async () => {
    const credentials = JwtAccessCredentials.fromPem(email, testKeys.privateKeyPem, {
      privateKeyId: 'kid',
    });
    expect(credentials).toBeInstanceOf(JwtAccessCredentials); // fromPem builds the subclass
    const controllers = aborters();
    const waits = controllers.map((c) => credentials.refresh({ signal: c.signal }));
    for (const c of controllers) c.abort(new Error('gave up'));
    for (const wait of waits) await expect(wait).rejects.toThrow('gave up');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(credentials.accessToken).toBeNull();
    await credentials.refresh();
    expect(credentials.accessToken?.split('.')).toHaveLength(3);
  });

  it('ServiceAccountCredentials and JwtAccessCredentials implement ScopableCredentials', () => {
    expectTypeOf<ServiceAccountCredentials>().toExtend<ScopableCredentials>();
    expectTypeOf<JwtAccessCredentials>().toExtend<ScopableCredentials>();
    const jwt: ScopableCredentials = JwtAccessCredentials.fromPem(email, testKeys.privateKeyPem);
    expect(jwt.createScopedRequired()).toBe(true);
    const scoped = jwt.createScoped('s');
    expect(scoped).toBeInstanceOf(ServiceAccountCredentials);
    expect(scoped.createScopedRequired()).toBe(false);
    expect(scoped.serializationData).toMatchObject({
      type: 'service_account',
      client_email: email,
    });
  });
});

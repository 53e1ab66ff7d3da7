import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeMetadataServer } from './fake-metadata-server.js';

let server: FakeMetadataServer;
beforeEach(async () => {
  server = await FakeMetadataServer.start({
    projectId: 'p1',
    serviceAccounts: {
      default: { email: 'a@p1.iam.gserviceaccount.com', scopes: ['s1', 's2'], expiresIn: 100 },
      other: {
        email: 'b@p1.iam.gserviceaccount.com',
        scopes: [],
        token: (r) => `t-${r.query.get('scopes')}`,
      },
    },
  });
});
afterEach(async () => {
  await server.close();
});

const get = (path: string, headers: Record<string, string> = { 'Metadata-Flavor': 'Google' }) =>
  fetch(`${server.url}${path}`, { headers });

describe('FakeMetadataServer', () => {
  it('requires Metadata-Flavor: Google, refuses proxied requests, and flavors every answer', async () => {
    const bare = await get('/computeMetadata/v1/project/project-id', {});
    expect(bare.status).toBe(403);
    expect(bare.headers.get('metadata-flavor')).toBe('Google');
    const proxied = await get('/computeMetadata/v1/project/project-id', {
      'Metadata-Flavor': 'Google',
      'X-Forwarded-For': '1.2.3.4',
    });
    expect(proxied.status).toBe(403);
    const ok = await get('/computeMetadata/v1/project/project-id');
    expect([ok.status, await ok.text(), ok.headers.get('metadata-flavor')]).toEqual([
      200,
      'p1',
      'Google',
    ]);
    expect(server.count()).toBe(3);
  });

  it('serves e-mail, scopes, tokens by alias or e-mail, and 404 for unknown accounts', async () => {
    const base = '/computeMetadata/v1/instance/service-accounts';
    expect(await (await get(`${base}/default/email`)).text()).toBe('a@p1.iam.gserviceaccount.com');
    expect(await (await get(`${base}/default/scopes`)).text()).toBe('s1\ns2\n');
    expect(await (await get(`${base}/`)).text()).toContain('b@p1.iam.gserviceaccount.com/');
    const token = await (await get(`${base}/a@p1.iam.gserviceaccount.com/token`)).json();
    expect(token).toEqual({ access_token: 'ya29.fake-1', expires_in: 100, token_type: 'Bearer' });
    const custom = (await (
      await get(`${base}/b@p1.iam.gserviceaccount.com/token?scopes=x`)
    ).json()) as {
      access_token: string;
    };
    expect(custom.access_token).toBe('t-x');
    expect(server.tokensIssued).toBe(2);
    expect((await get(`${base}/nobody/token`)).status).toBe(404);
  });

  it('plays scripted answers in order, repeats the last, and restores the default', async () => {
    server.script('/', { status: 500 }, { flavor: null, body: 'x' });
    expect((await get('/')).status).toBe(500);
    const unflavored = await get('/');
    expect([unflavored.status, unflavored.headers.get('metadata-flavor')]).toEqual([200, null]);
    expect((await get('/')).headers.get('metadata-flavor')).toBeNull();
    server.script('/');
    expect(await (await get('/')).text()).toBe('computeMetadata/\n');
  });
});

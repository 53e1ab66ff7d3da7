import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type InteractionSummary,
  type OidcProviderHandle,
  startOidcProvider,
} from './oidc-provider.js';

const REDIRECT = 'http://127.0.0.1:9/cb';
let op: OidcProviderHandle;
let deny = false;
const seen: InteractionSummary[] = [];

beforeAll(async () => {
  op = await startOidcProvider({
    clients: [
      {
        client_id: 'web',
        client_secret: 's3cret',
        redirect_uris: [REDIRECT],
        token_endpoint_auth_method: 'client_secret_post',
      },
      {
        client_id: 'tv',
        grant_types: ['urn:ietf:params:oauth:grant-type:device_code'],
        token_endpoint_auth_method: 'none',
      },
    ],
    tokenOnlyRevocation: true,
    decide: (summary) => {
      seen.push(summary);
      return deny ? { error: 'access_denied' } : { accountId: `${summary.clientId}-user` };
    },
  });
});
afterAll(() => op.close());

async function form(
  url: string,
  body: Record<string, string>,
): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(url, { method: 'POST', body: new URLSearchParams(body) });
  return {
    status: res.status,
    json: (await res.json().catch(() => ({}))) as Record<string, unknown>,
  };
}

function authorizeUrl(verifier: string): string {
  const url = new URL(op.endpoints.authorization);
  url.search = new URLSearchParams({
    client_id: 'web',
    redirect_uri: REDIRECT,
    response_type: 'code',
    scope: 'openid offline_access',
    state: 'st',
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
  }).toString();
  return url.href;
}

describe('startOidcProvider', () => {
  it('completes an authorization through the test interaction and issues code, tokens and a refresh token', async () => {
    const verifier = randomBytes(32).toString('base64url');
    const callback = await op.completeAuthorization(authorizeUrl(verifier));
    expect(callback.origin + callback.pathname).toBe(REDIRECT);
    expect(callback.searchParams.get('state')).toBe('st');
    const tokens = await form(op.endpoints.token, {
      grant_type: 'authorization_code',
      code: callback.searchParams.get('code') ?? '',
      redirect_uri: REDIRECT,
      code_verifier: verifier,
      client_id: 'web',
      client_secret: 's3cret',
    });
    expect(tokens.status).toBe(200);
    expect(tokens.json).toMatchObject({ token_type: 'Bearer', expires_in: 3600 });
    expect(typeof tokens.json.refresh_token).toBe('string');
    const payload = JSON.parse(
      Buffer.from(String(tokens.json.id_token).split('.')[1] ?? '', 'base64url').toString(),
    );
    expect(payload).toMatchObject({ sub: 'web-user', aud: 'web', iss: op.issuer });
    // oidc-provider drops offline_access without prompt=consent; a refresh token is issued anyway.
    expect(seen[0]).toMatchObject({ prompt: 'login', clientId: 'web', scope: 'openid' });

    // Google-style revocation: the token alone.
    const revoked = await fetch(op.endpoints.revocation, {
      method: 'POST',
      body: new URLSearchParams({ token: String(tokens.json.refresh_token) }),
    });
    expect(revoked.status).toBe(200);
    const refresh = await form(op.endpoints.token, {
      grant_type: 'refresh_token',
      refresh_token: String(tokens.json.refresh_token),
      client_id: 'web',
      client_secret: 's3cret',
    });
    expect(refresh).toMatchObject({ status: 400, json: { error: 'invalid_grant' } });
    expect(
      op.requests.map((r) => `${r.method} ${r.path.replace(/\/[\w-]{20,}$/, '/:uid')}`).slice(0, 3),
    ).toEqual(['GET /auth', 'GET /interaction/:uid', 'GET /auth/:uid']);
  });

  it('requires PKCE and reports a denied interaction as access_denied', async () => {
    const noPkce = new URL(authorizeUrl('x'.repeat(43)));
    noPkce.searchParams.delete('code_challenge');
    noPkce.searchParams.delete('code_challenge_method');
    expect((await op.completeAuthorization(noPkce.href)).searchParams.get('error')).toBe(
      'invalid_request',
    );
    deny = true;
    const denied = await op.completeAuthorization(authorizeUrl('y'.repeat(43)));
    deny = false;
    expect(denied.searchParams.get('error')).toBe('access_denied');
  });

  it('approves and denies device codes', async () => {
    const start = async () =>
      (await form(op.endpoints.deviceAuthorization, { client_id: 'tv', scope: 'openid' })).json;
    const poll = (deviceCode: unknown) =>
      form(op.endpoints.token, {
        grant_type: 'urn:ietf:params:oauth:grant-type:device_code',
        device_code: String(deviceCode),
        client_id: 'tv',
      });
    const a = await start();
    expect(a.verification_uri).toBe(`${op.issuer}/device`);
    expect(await poll(a.device_code)).toMatchObject({
      status: 400,
      json: { error: 'authorization_pending' },
    });
    await op.approveDeviceCode(String(a.user_code).toLowerCase());
    expect(await poll(a.device_code)).toMatchObject({
      status: 200,
      json: { token_type: 'Bearer' },
    });

    const b = await start();
    await op.denyDeviceCode(String(b.user_code));
    expect(await poll(b.device_code)).toMatchObject({
      status: 400,
      json: { error: 'access_denied' },
    });
    await expect(op.approveDeviceCode('NOPE-NOPE')).rejects.toThrow('No pending device code');
  });
});

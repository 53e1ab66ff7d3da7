import { afterEach, describe, expect, it } from 'vitest';
import { RotatingTokenServer } from './rotating-token-server.js';

let server: RotatingTokenServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function refresh(s: RotatingTokenServer, refreshToken: string) {
  const res = await fetch(s.tokenUri, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, string> };
}

describe('RotatingTokenServer', () => {
  it('rotates the refresh token, and a replayed one revokes the grant', async () => {
    server = await RotatingTokenServer.start({ scope: 'a b' });
    const grant = server.issueGrant();
    const first = await refresh(server, grant.refreshToken);
    expect(first.status).toBe(200);
    expect(first.body.refresh_token).not.toBe(grant.refreshToken);
    expect(first.body.scope).toBe('a b');
    expect(server.currentRefreshToken(grant.id)).toBe(first.body.refresh_token);
    const ok = await fetch(server.resourceUri, {
      headers: { authorization: `Bearer ${first.body.access_token}` },
    });
    expect(ok.status).toBe(200);

    const replay = await refresh(server, grant.refreshToken);
    expect(replay).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    expect(server.replays).toEqual([grant.refreshToken]);
    expect(server.isAlive(grant.id)).toBe(false);
    expect((await refresh(server, first.body.refresh_token as string)).status).toBe(400);
    expect(server.refreshes).toBe(1);
    const dead = await fetch(server.resourceUri, {
      headers: { authorization: `Bearer ${first.body.access_token}` },
    });
    expect(dead.status).toBe(401);
  });

  it('keeps the refresh token with rotate: false, and /revoke kills the grant', async () => {
    server = await RotatingTokenServer.start({ rotate: false });
    const grant = server.issueGrant();
    const a = await refresh(server, grant.refreshToken);
    expect(a.body.refresh_token).toBeUndefined();
    expect((await refresh(server, grant.refreshToken)).status).toBe(200);
    await fetch(server.revokeUri, {
      method: 'POST',
      body: new URLSearchParams({ token: grant.refreshToken }),
    });
    expect(server.isAlive(grant.id)).toBe(false);
    expect(server.refused).toEqual([]);
    expect((await refresh(server, grant.refreshToken)).status).toBe(400);
    expect(server.refused).toEqual([{ refreshToken: grant.refreshToken, reason: 'revoked' }]);
  });
});

/**
 * Refresh and the store against a rotating authorization server (issue 9, adversarial R1-R10):
 * several credentials on one MemoryStorageBackend behave like several processes on one file
 * (shared value, shared lock). The multi-process versions are in storage-file and
 * storage-multistore.
 */
import { canary, FrozenClock, grantCredentialFields, RotatingTokenServer } from '@oauth2/test-kit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  CredentialsRevokedError,
  MemoryStorage,
  MemoryStorageBackend,
  MissingRefreshTokenError,
  OAuth2Credentials,
  type OAuth2CredentialsOptions,
  StorageWriteError,
} from '../src/index.js';

const HOUR = 3600_000;
let server: RotatingTokenServer;

beforeEach(async () => {
  server = await RotatingTokenServer.start({ tokenPrefix: canary('') });
});
afterEach(() => server.close());

/** A credential of grant `grant`, as a code exchange would have stored it. */
function credentialsOf(
  grant: { refreshToken: string; accessToken: string },
  options: OAuth2CredentialsOptions = {},
): OAuth2Credentials {
  return new OAuth2Credentials({
    ...grantCredentialFields(server, grant, new Date(Date.now() + HOUR)),
    ...options,
  });
}

/** `n` "processes": storages on one backend, each with its own clock. */
async function processes(
  backend: MemoryStorageBackend,
  clocks: FrozenClock[],
): Promise<OAuth2Credentials[]> {
  return Promise.all(
    clocks.map(async (clock) => {
      const storage = new MemoryStorage({ backend, credentialsOptions: { clock } });
      return (await storage.get()) as OAuth2Credentials;
    }),
  );
}

function expectNoReplay(): void {
  expect(server.replays).toEqual([]);
  expect(new Set(server.presented).size).toBe(server.presented.length);
}

describe('R1 a stale in-memory credential adopts the store before refreshing', () => {
  it('store has a rotated refresh token and a stale access token: 1 request, with the stored token', async () => {
    const grant = server.issueGrant();
    const backend = new MemoryStorageBackend();
    const clock = new FrozenClock(Date.now());
    await new MemoryStorage({ backend }).put(credentialsOf(grant, { tokenExpiry: new Date(0) }));
    const [a, b] = await processes(backend, [clock, clock]);
    await a?.refresh(); // a rotates; b still holds the old refresh token in memory
    clock.advance(2 * HOUR); // a's token is stale too now
    await b?.getAccessToken();
    expect(server.refreshes).toBe(2);
    expectNoReplay();
    expect(server.isAlive(grant.id)).toBe(true);
    expect(b?.refreshToken).toBe(server.currentRefreshToken(grant.id));
    expect(JSON.parse(backend.value ?? '{}').refresh_token).toBe(b?.refreshToken);
  });

  it('store has a rotated refresh token and a valid access token: adopted, no request', async () => {
    const grant = server.issueGrant();
    const backend = new MemoryStorageBackend();
    await new MemoryStorage({ backend }).put(credentialsOf(grant, { tokenExpiry: new Date(0) }));
    const [a, b] = await processes(backend, [
      new FrozenClock(Date.now()),
      new FrozenClock(Date.now()),
    ]);
    await a?.refresh();
    await b?.refresh();
    expect(server.refreshes).toBe(1);
    expect(b?.accessToken).toBe(a?.accessToken);
    expect(b?.refreshToken).toBe(server.currentRefreshToken(grant.id));
  });
});

describe('R2 two stores on one backend, clocks two hours apart, any interleaving', () => {
  it('60 interleaved refreshes and reads: no refresh token presented twice, nothing invalid, grant alive', async () => {
    const grant = server.issueGrant();
    const backend = new MemoryStorageBackend();
    const now = Date.now();
    const clocks = [new FrozenClock(now), new FrozenClock(now + 2 * HOUR)];
    await new MemoryStorage({ backend }).put(credentialsOf(grant, { tokenExpiry: new Date(now) }));
    const creds = await processes(backend, clocks);
    for (let round = 0; round < 20; round++) {
      const order = round % 3;
      const calls = creds.map((c, i) =>
        (round + i) % 2 === 0 ? c.refresh() : c.getAccessToken().then(() => {}),
      );
      if (order === 0) await Promise.all(calls);
      else for (const call of calls) await call;
      for (const clock of clocks) clock.advance(40 * 60_000);
      await Promise.all(creds.map((c) => c.refresh()));
    }
    expectNoReplay();
    expect(server.refused).toEqual([]);
    expect(server.isAlive(grant.id)).toBe(true);
    for (const c of creds) expect(c.invalid).toBe(false);
    expect(JSON.parse(backend.value ?? '{}').refresh_token).toBe(
      server.currentRefreshToken(grant.id),
    );
  });
});

describe('R3 invalid_grant: the store is re-read before marking invalid', () => {
  it('a rotation written meanwhile by a writer that ignores the lock is adopted and the call succeeds', async () => {
    const backend = new MemoryStorageBackend();
    const storage = new MemoryStorage({ backend });
    const race = server.http.urlOf('/race');
    const first = { refreshToken: canary('rt-0-'), accessToken: canary('at-0-') };
    const rotated = credentialsOf(
      { refreshToken: canary('rt-1-'), accessToken: canary('at-1-') },
      { tokenUri: race },
    );
    // Another writer that does not take our lock (Python oauth2client, say) refreshed first: by the
    // time our request arrives the server has rotated the token, and that writer stores it.
    server.http.route('POST', '/race', () => {
      backend.value = rotated.toJson();
      return { status: 400, body: { error: 'invalid_grant', error_description: 'Token rotated.' } };
    });
    await storage.put(credentialsOf(first, { tokenUri: race, tokenExpiry: new Date(0) }));
    const mine = (await storage.get()) as OAuth2Credentials;
    const { accessToken } = await mine.getAccessToken();
    expect(accessToken).toBe(rotated.accessToken);
    expect(mine.invalid).toBe(false);
    expect(mine.refreshToken).toBe(rotated.refreshToken);
    expect(backend.value).toBe(rotated.toJson());
    expect(server.http.count('/race')).toBe(1);
  });
});

describe('R4 revoke while a refresh is in flight (one process)', () => {
  it('revoke waits, revokes the rotated token, deletes the store; the grant is dead; refresh stays refused', async () => {
    const grant = server.issueGrant();
    const storage = new MemoryStorage();
    await storage.put(credentialsOf(grant, { tokenExpiry: new Date(0) }));
    const c = (await storage.get()) as OAuth2Credentials;
    let release!: () => void;
    server.beforeRefreshAnswer = () => new Promise<void>((r) => (release = r));
    const refreshing = c.getAccessToken();
    await waitFor(() => server.presented.length === 1);
    const revoking = c.revoke();
    release();
    await refreshing;
    await revoking;
    expect(server.isAlive(grant.id)).toBe(false);
    expect(storage.backend.value).toBeUndefined();
    expect(c.invalid).toBe(true);
    const presented = server.presented.length;
    await expect(c.refresh()).rejects.toBeInstanceOf(CredentialsRevokedError);
    await expect(c.getAccessToken()).rejects.toMatchObject({ code: 'credentials_revoked' });
    expect(server.presented).toHaveLength(presented);
    expect(storage.backend.value).toBeUndefined();
  });

  it('another "process" revokes while this one refreshes: the file stays deleted', async () => {
    const grant = server.issueGrant();
    const backend = new MemoryStorageBackend();
    await new MemoryStorage({ backend }).put(credentialsOf(grant, { tokenExpiry: new Date(0) }));
    const clock = new FrozenClock(Date.now());
    const [a, b] = await processes(backend, [clock, clock]);
    let release!: () => void;
    server.beforeRefreshAnswer = () => new Promise<void>((r) => (release = r));
    const refreshing = b?.refresh();
    await waitFor(() => server.presented.length === 1);
    const revoking = a?.revoke(); // waits for b's lock, then revokes the newest stored token
    release();
    await refreshing;
    await revoking;
    expect(backend.value).toBeUndefined();
    expect(server.isAlive(grant.id)).toBe(false);
    // b's next refresh finds the store deleted: the server refuses, nothing is written back.
    clock.advance(2 * HOUR);
    await expect(b?.getAccessToken()).rejects.toMatchObject({ code: 'invalid_grant' });
    expect(backend.value).toBeUndefined();
    expectNoReplay();
  });
});

describe('R5 a put that fails after a rotating refresh', () => {
  it('the caller gets the token; onStoreError gets the typed error; the next access writes the rotated token', async () => {
    const grant = server.issueGrant();
    const errors: unknown[] = [];
    let failing = true;
    class FlakyStorage extends MemoryStorage {
      override async lockedPut(credentials: OAuth2Credentials): Promise<void> {
        if (failing) throw new StorageWriteError('disk full', { systemCode: 'ENOSPC' });
        await super.lockedPut(credentials);
      }
    }
    const storage = new FlakyStorage({
      credentialsOptions: { onStoreError: (e) => errors.push(e) },
    });
    storage.backend.value = credentialsOf(grant, { tokenExpiry: new Date(0) }).toJson();
    const c = (await storage.get()) as OAuth2Credentials;
    const { accessToken } = await c.getAccessToken();
    expect(accessToken).toBe(c.accessToken);
    expect(c.refreshToken).toBe(server.currentRefreshToken(grant.id));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(StorageWriteError);
    expect(JSON.parse(storage.backend.value ?? '{}').refresh_token).toBe(grant.refreshToken);
    failing = false;
    await c.getAccessToken(); // no refresh needed: only the write is retried
    expect(server.refreshes).toBe(1);
    expect(JSON.parse(storage.backend.value ?? '{}').refresh_token).toBe(c.refreshToken);
    expect(errors).toHaveLength(1);
  });

  it('without onStoreError, a retry that fails again is thrown by the next call', async () => {
    const grant = server.issueGrant();
    class BrokenStorage extends MemoryStorage {
      override async lockedPut(): Promise<void> {
        throw new StorageWriteError('read-only file system', { systemCode: 'EROFS' });
      }
    }
    const storage = new BrokenStorage();
    storage.backend.value = credentialsOf(grant, { tokenExpiry: new Date(0) }).toJson();
    const c = (await storage.get()) as OAuth2Credentials;
    const { accessToken } = await c.getAccessToken();
    expect(accessToken).toBe(c.accessToken);
    expect(c.refreshToken).toBe(server.currentRefreshToken(grant.id));
    await expect(c.getAccessToken()).rejects.toMatchObject({ systemCode: 'EROFS' });
    expect(server.refreshes).toBe(1);
  });

  it('a store changed meanwhile wins over the unsaved state', async () => {
    const grant = server.issueGrant();
    let failing = true;
    class FlakyStorage extends MemoryStorage {
      override async lockedPut(credentials: OAuth2Credentials): Promise<void> {
        if (failing) throw new StorageWriteError('disk full', { systemCode: 'ENOSPC' });
        await super.lockedPut(credentials);
      }
    }
    const storage = new FlakyStorage({ credentialsOptions: { onStoreError: () => {} } });
    storage.backend.value = credentialsOf(grant, { tokenExpiry: new Date(0) }).toJson();
    const c = (await storage.get()) as OAuth2Credentials;
    await c.getAccessToken();
    failing = false;
    const newer = credentialsOf(server.issueGrant());
    storage.backend.value = newer.toJson(); // e.g. the user signed in again elsewhere
    await c.getAccessToken();
    expect(c.refreshToken).toBe(newer.refreshToken);
    expect(storage.backend.value).toBe(newer.toJson());
  });
});

describe('R6 a refresh response scope replaces the granted scopes', () => {
  it('hasScopes reflects what the server granted', async () => {
    await server.close();
    server = await RotatingTokenServer.start({ scope: 'email openid' });
    const c = credentialsOf(server.issueGrant(), { scopes: 'email profile drive' });
    expect(c.hasScopes('drive')).toBe(true);
    await c.refresh();
    expect(c.scopes).toEqual(new Set(['email', 'openid']));
    expect(c.hasScopes('drive')).toBe(false);
    expect(c.hasScopes('openid email')).toBe(true);
  });
});

describe('R7 no refresh token', () => {
  it('fails locally with MissingRefreshTokenError before any request', async () => {
    const c = credentialsOf(server.issueGrant(), { refreshToken: null, tokenExpiry: new Date(0) });
    await expect(c.refresh()).rejects.toBeInstanceOf(MissingRefreshTokenError);
    await expect(c.getAccessToken()).rejects.toMatchObject({ code: 'no_refresh_token' });
    expect(server.http.requests).toHaveLength(0);
  });
});

async function waitFor(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !condition(); i++) await new Promise((r) => setTimeout(r, 5));
  if (!condition()) throw new Error('timed out waiting');
}

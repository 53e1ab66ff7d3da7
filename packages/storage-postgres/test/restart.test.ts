import type { OAuth2Credentials } from '@oauth2/core';
import {
  assertNoCanary,
  type PostgresServer,
  RotatingTokenServer,
  startPostgres,
} from '@oauth2/test-kit';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PostgresStore, PostgresUnavailableError } from '../src/index.js';
import { makeCredentials, makePool, putExpiredGrant } from './helpers.js';

// Its own server: restarting the run's shared one would break the other files.
let server: PostgresServer;
let pool: pg.Pool;
let tokens: RotatingTokenServer;
beforeAll(async () => {
  [server, tokens] = await Promise.all([startPostgres(), RotatingTokenServer.start()]);
  pool = makePool(server.connectionString, { connectionTimeoutMillis: 2000 });
});
afterAll(async () => {
  await pool?.end();
  await Promise.all([server?.stop(), tokens?.close()]);
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the database restarted mid-run', () => {
  it('typed errors while it is down, then recovery; no acknowledged row lost; memory tokens keep working', async () => {
    const store = new PostgresStore(pool, { lockWaitMs: 5000 });
    await store.createTable();
    const keys = Array.from({ length: 20 }, (_, i) => `user:${i}`);
    const acked = new Map<string, string>();
    const unacked = new Map<string, string[]>();
    for (const key of keys) {
      const c = makeCredentials();
      await store.storage(key).put(c);
      acked.set(key, c.toJson());
    }
    // One credential with a valid token, one expired (refreshes through the store).
    const valid = (await store.storage(keys[0] as string).get()) as OAuth2Credentials;
    const grant = tokens.issueGrant();
    await putExpiredGrant(store.storage('expired'), tokens, grant);
    const expired = (await store.storage('expired').get()) as OAuth2Credentials;
    const heldDuringRestart = store.storage('held');
    await heldDuringRestart.acquireLock();

    const errors: unknown[] = [];
    let successesAfterRestart = 0;
    let restarted = false;
    const writer = (async () => {
      for (let i = 0; i < 400 && successesAfterRestart < 40; i++) {
        const key = keys[i % keys.length] as string;
        const c = makeCredentials();
        try {
          await store.storage(key).put(c);
          acked.set(key, c.toJson());
          unacked.delete(key);
          await store.storage(key).get();
          if (restarted) successesAfterRestart++;
        } catch (err) {
          errors.push(err);
          unacked.set(key, [...(unacked.get(key) ?? []), c.toJson()]);
          await sleep(50);
        }
      }
    })();

    await sleep(300);
    await server.stopServer();
    // Down: the in-memory valid token still works; a refresh fails typed and changes nothing.
    expect((await valid.getAccessToken()).accessToken).toBe(valid.accessToken);
    const refreshErr = await expired.getAccessToken().catch((e: unknown) => e);
    expect(refreshErr).toBeInstanceOf(PostgresUnavailableError);
    expect(expired.accessToken).toBe(grant.accessToken);
    await sleep(700);
    await server.startServer();
    restarted = true;
    // The lock held across the restart died with its connection: releasing it does not throw.
    await heldDuringRestart.releaseLock();
    await writer;

    console.log(
      `restart: ${errors.length} typed errors while down, ${successesAfterRestart} successes after`,
    );
    expect(errors.length).toBeGreaterThan(0);
    for (const err of errors) {
      expect(err).toBeInstanceOf(PostgresUnavailableError);
      expect((err as PostgresUnavailableError).retryable).toBe(true);
      assertNoCanary(err);
    }
    expect(successesAfterRestart).toBe(40);

    // Every row is there, holding its last acknowledged put (or a later put whose answer was lost).
    expect((await store.keys()).filter((k) => k.startsWith('user:'))).toHaveLength(20);
    for (const key of keys) {
      const stored = (await store.storage(key).get())?.toJson();
      expect([acked.get(key), ...(unacked.get(key) ?? [])]).toContain(stored);
    }
    // The refresh that failed while down succeeds now, once.
    const before = tokens.refreshes;
    const { accessToken } = await expired.getAccessToken();
    expect(accessToken).not.toBe(grant.accessToken);
    expect(tokens.refreshes - before).toBe(1);
    expect(tokens.isAlive(grant.id)).toBe(true);
    expect(pool.waitingCount).toBe(0);
  }, 60_000);
});

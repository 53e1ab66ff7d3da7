import type { OAuth2Credentials } from '@oauth2/core';
import {
  firstMessage,
  killWorker,
  useRotatingTokenServer,
  useWorkerProcesses,
} from '@oauth2/test-kit';
import { describe, expect, it } from 'vitest';
import { putExpiredGrant, useDatabase } from './helpers.js';

const workers = useWorkerProcesses(new URL('./workers/', import.meta.url), [
  'core',
  'storage-postgres',
]);
const db = useDatabase();
const server = useRotatingTokenServer({ per: 'file', refreshDelayMs: 100 });

/** Store an expired credential of a fresh grant under `key`. */
async function storeExpiredGrant(table: string, key: string): Promise<number> {
  const grant = server.issueGrant();
  const store = await db.store(table);
  await putExpiredGrant(store.storage(key), server, grant);
  return grant.id;
}

describe('8 processes × 125 getAccessToken() on one expired credential', () => {
  it('exactly 1 token request; all 1000 calls get its token; the rotated refresh token is stored', async () => {
    const grant = await storeExpiredGrant('stampede', 'shared');
    const table = JSON.stringify([db.schema, 'stampede']);
    const before = server.refreshes;
    const started = Date.now();
    const refreshers = Array.from({ length: 8 }, () =>
      workers.fork('refresh', [db.url, table, 'shared', '125']),
    );
    await Promise.all(refreshers.map((w) => firstMessage(w)));
    const results = refreshers.map((w) => firstMessage<{ tokens: string[] }>(w));
    const go = Date.now();
    for (const w of refreshers) w.send('go');
    const tokens = (await Promise.all(results)).flatMap((r) => r.tokens);
    console.log(
      `stampede: 8 processes x 125 calls, ${server.refreshes - before} token request(s), ` +
        `${Date.now() - go} ms from go (${go - started} ms to start the workers)`,
    );
    expect(tokens).toHaveLength(1000);
    expect(new Set(tokens).size).toBe(1);
    expect(tokens[0]).toMatch(/^at-/);
    expect(server.refreshes - before).toBe(1);
    expect(server.replays).toEqual([]);
    expect(server.isAlive(grant)).toBe(true);
    const stored = (await (
      await db.store('stampede')
    )
      .storage('shared')
      .get()) as OAuth2Credentials;
    expect(stored.accessToken).toBe(tokens[0]);
    expect(stored.refreshToken).toBe(server.currentRefreshToken(grant));
  }, 60_000);
});

describe('the lock holder SIGKILLed mid-refresh', () => {
  it('the next refresher proceeds as soon as the dead connection is gone; one token request, grant alive', async () => {
    const grant = await storeExpiredGrant('killed', 'k');
    const table = JSON.stringify([db.schema, 'killed']);
    // Loaded before the holder takes the lock (get() itself waits for the lock).
    const mine = (await (await db.store('killed')).storage('k').get()) as OAuth2Credentials;
    const holder = workers.fork('hold-and-die', [db.url, table, 'k']);
    expect(await firstMessage<{ inCriticalSection: boolean }>(holder)).toEqual({
      inCriticalSection: true,
    });
    // Another instance starts refreshing while the holder has the lock: it waits.
    const before = server.refreshes;
    let doneAt = 0;
    const refreshing = mine.getAccessToken().then((t) => {
      doneAt = Date.now();
      return t;
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(doneAt).toBe(0);
    await killWorker(holder);
    const killedAt = Date.now();
    const { accessToken } = await refreshing;
    console.log(`kill: the waiter finished ${doneAt - killedAt} ms after the SIGKILL`);
    expect(doneAt - killedAt).toBeLessThan(2000);
    expect(server.refreshes - before).toBe(1);
    expect(server.isAlive(grant)).toBe(true);
    expect(server.replays).toEqual([]);
    const stored = (await (await db.store('killed')).storage('k').get()) as OAuth2Credentials;
    expect(stored.accessToken).toBe(accessToken);
    // The dead backend is gone: no session still holds an advisory lock.
    const { rows } = await db.pool.query(
      "SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory'",
    );
    expect(rows[0]?.n).toBe(0);
  }, 30_000);
});

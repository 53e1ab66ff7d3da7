import type { ChildProcess } from 'node:child_process';
import { OAuth2Credentials } from '@oauth2/core';
import {
  firstMessage,
  killWorker,
  type RedisServerHandle,
  RotatingTokenServer,
  startRedis,
  WorkerProcesses,
} from '@oauth2/test-kit';
import { createClient } from 'redis';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { RedisStorage } from '../src/index.js';

const PROCESSES = 8;
const CALLS = 125;
// The lock TTL each instance sets. The dead holder's is short, so the test waits little for it;
// the live instances keep the 10 s default, so that a process starved of CPU on a loaded machine
// does not lose its lock mid-refresh (a TTL lock's limit: see the README).
const DEAD_HOLDER_TTL_MS = 1500;
const LIVE_TTL_MS = 10_000;

const workers = new WorkerProcesses(new URL('./workers/', import.meta.url), [
  'core',
  'storage-redis',
]);
afterAll(() => {
  for (const child of instances) child.send('exit');
  workers.killAll();
});

let redis: RedisServerHandle;
let server: RotatingTokenServer;
let client: ReturnType<typeof createClient>;
beforeAll(async () => {
  workers.assertBuilt();
  redis = await startRedis();
  client = createClient({ url: redis.url });
  await client.connect();
  instances = Array.from({ length: PROCESSES }, () =>
    workers.fork('refresh', [redis.url, String(CALLS), String(LIVE_TTL_MS)]),
  );
  await Promise.all(instances.map((c) => firstMessage(c)));
}, 120_000);
afterAll(async () => {
  client?.destroy();
  await redis?.stop();
});
beforeEach(async () => {
  await server?.close();
  server = await RotatingTokenServer.start({ refreshDelayMs: 200 });
});
afterAll(() => server?.close());

/** Store an expired credential of a fresh grant; return its name and grant id. */
async function storeExpired(name: string): Promise<{ grant: number; refreshToken: string }> {
  const grant = server.issueGrant();
  await new RedisStorage(client, name).put(
    new OAuth2Credentials({
      accessToken: grant.accessToken,
      clientId: 'stampede-client',
      clientSecret: 'stampede-secret',
      refreshToken: grant.refreshToken,
      tokenExpiry: new Date(Date.now() - 60_000),
      tokenUri: server.tokenUri,
      userAgent: 'stampede/1.0',
    }),
  );
  return { grant: grant.id, refreshToken: grant.refreshToken };
}

/** Eight app instances, started once for both tests. */
let instances: ChildProcess[] = [];

/** Have every instance load the credential `name` and wait until each has it. */
async function readyWorkers(name: string): Promise<ChildProcess[]> {
  const ready = instances.map((c) => firstMessage(c));
  for (const child of instances) child.send({ load: name });
  await Promise.all(ready);
  return instances;
}

/** Say go to every worker; collect every token and the wall time from go to the last answer. */
async function go(children: ChildProcess[]): Promise<{ tokens: string[]; wallMs: number }> {
  const reports = children.map((c) => firstMessage<{ tokens: string[] }>(c));
  const started = Date.now();
  for (const child of children) child.send('go');
  const results = await Promise.all(reports);
  return { tokens: results.flatMap((r) => r.tokens), wallMs: Date.now() - started };
}

describe(`${PROCESSES} processes × ${CALLS} getAccessToken() on one expired credential in Redis`, () => {
  it('exactly one token request; all 1000 calls get the same token; the rotated refresh token is stored', async () => {
    const name = 'stampede';
    const { grant, refreshToken } = await storeExpired(name);
    const { tokens, wallMs } = await go(await readyWorkers(name));
    console.log(
      `stampede: ${tokens.length} calls, ${server.refreshes} refresh, wall ${wallMs} ms (token server 200 ms)`,
    );
    expect(tokens).toHaveLength(PROCESSES * CALLS);
    expect(new Set(tokens).size).toBe(1);
    expect(tokens[0]).toMatch(/^at-/);
    expect(server.refreshes).toBe(1);
    expect(server.replays).toEqual([]);
    expect(server.isAlive(grant)).toBe(true);
    const stored = (await new RedisStorage(client, name).get()) as OAuth2Credentials;
    expect(stored.refreshToken).toBe(server.currentRefreshToken(grant));
    expect(stored.refreshToken).not.toBe(refreshToken);
    expect(stored.accessToken).toBe(tokens[0]);
  }, 60_000);

  it('with the lock holder SIGKILLed mid-refresh: the others proceed after the lock TTL and the grant survives', async () => {
    const name = 'stampede-killed';
    const { grant } = await storeExpired(name);
    const children = await readyWorkers(name);
    const holder = workers.fork('hold-and-die', [redis.url, name, String(DEAD_HOLDER_TTL_MS)]);
    expect(await firstMessage<{ inRefresh: boolean }>(holder)).toEqual({ inRefresh: true });
    const lockLeftMs = await client.pTTL(`oauth2:{${name}}:lock`);
    const lockReadAt = Date.now();
    expect(lockLeftMs).toBeGreaterThan(0);
    await killWorker(holder);
    const { tokens, wallMs } = await go(children);
    const doneAfterMs = Date.now() - lockReadAt;
    console.log(
      `stampede after SIGKILL: ${server.refreshes} refresh, wall ${wallMs} ms (dead holder's lock TTL ${DEAD_HOLDER_TTL_MS} ms)`,
    );
    // Nobody refreshed before the dead holder's lock expired.
    expect(doneAfterMs).toBeGreaterThanOrEqual(lockLeftMs);
    expect(new Set(tokens).size).toBe(1);
    expect(tokens).toHaveLength(PROCESSES * CALLS);
    expect(server.refreshes).toBe(1);
    expect(server.replays).toEqual([]);
    expect(server.isAlive(grant)).toBe(true);
    const stored = (await new RedisStorage(client, name).get()) as OAuth2Credentials;
    expect(stored.refreshToken).toBe(server.currentRefreshToken(grant));
    expect(stored.accessToken).toBe(tokens[0]);
  }, 60_000);
});

import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { OAuth2Credentials } from '@oauth2/core';
import {
  canary,
  firstMessage,
  killWorker,
  useLoopbackServer,
  useTempDir,
  useWorkerProcesses,
} from '@oauth2/test-kit';
import { describe, expect, it } from 'vitest';
import {
  getAllCredentialKeys,
  getCredentialStorageCustomStringKey,
  Multistore,
} from '../src/index.js';
import { makeCredentials } from './helpers.js';

const workers = useWorkerProcesses(new URL('./workers/', import.meta.url), [
  'core',
  'storage-multistore',
]);
const tmp = useTempDir('oauth2-contention-', { per: 'file' });

describe('16 processes × 50 puts into one multistore, plus a reader (M1)', () => {
  it('800/800 entries, 0 corrupt reads, 0 temp files, mode 0600, every put acknowledged', async () => {
    const path = join(tmp.dir, 'm1.json');
    const started = Date.now();
    const reader = workers.fork('reader', [path]);
    const writers = Array.from({ length: 16 }, (_, w) =>
      workers.fork('put-many', [path, String(w), '50', '60000']),
    );
    const reports = await Promise.all(
      writers.map((w) => firstMessage<{ acked: number; timeouts: number; worstMs: number }>(w)),
    );
    reader.send('stop');
    const read = await firstMessage<{ reads: number; failures: number }>(reader);
    const wallMs = Date.now() - started;

    const acked = reports.reduce((n, r) => n + r.acked, 0);
    const timeouts = reports.reduce((n, r) => n + r.timeouts, 0);
    const keys = await getAllCredentialKeys(path);
    console.log(
      `M1: ${keys.length}/800 entries, ${acked} acked, ${timeouts} lock timeouts, wall ${wallMs} ms, ` +
        `worst put ${Math.max(...reports.map((r) => r.worstMs))} ms, ${read.reads} reads, ${read.failures} corrupt`,
    );
    expect(acked + timeouts).toBe(800);
    expect(keys).toHaveLength(acked);
    expect(acked).toBe(800);
    expect(new Set(keys.map((k) => k.key)).size).toBe(800);
    expect(read.failures).toBe(0);
    expect(read.reads).toBeGreaterThan(100);
    expect(await readdir(tmp.dir)).toEqual(['m1.json']);
    if (process.platform !== 'win32') expect((await stat(path)).mode & 0o777).toBe(0o600);
    // adversarial.md targets <= 60 s on an idle 2-core machine (bench/storage.mjs measures it);
    // this is only a hang guard: turbo runs the browser, database and process suites beside it.
    expect(wallMs).toBeLessThan(200_000);
  }, 260_000);
});

describe('a lock holder SIGKILLed inside the critical section (M4)', () => {
  // stale is 2 s here (default 10 s) to keep the suite fast; the bound is the same: stale + 2 s.
  const STALE_MS = 2000;
  it('the next put completes within stale + 2 s and earlier entries are intact', async () => {
    const path = join(tmp.dir, 'm4.json');
    const store = new Multistore(path, { staleMs: STALE_MS });
    const before = Array.from({ length: 5 }, (_, i) => ({
      key: `before-${i}`,
      creds: makeCredentials(),
    }));
    for (const { key, creds } of before) await store.storage({ key }).put(creds);
    const bytesBefore = await readFile(path, 'utf8');

    const child = workers.fork('hold-and-die', [path, String(STALE_MS)]);
    expect(await firstMessage<{ inCriticalSection: boolean }>(child)).toEqual({
      inCriticalSection: true,
    });
    await killWorker(child);
    const killedAt = Date.now();
    expect(await readFile(path, 'utf8')).toBe(bytesBefore);
    // The dead holder's lock is still there: the put below has to recover it.
    expect(await readdir(tmp.dir)).toContain('m4.json.oauth2.lock');

    await store.storage({ key: 'after' }).put(makeCredentials());
    const tookMs = Date.now() - killedAt;
    console.log(`M4: next put ${tookMs} ms after SIGKILL (stale ${STALE_MS} ms)`);
    expect(tookMs).toBeLessThan(STALE_MS + 2000);
    expect(await store.keys()).toEqual([...before.map(({ key }) => ({ key })), { key: 'after' }]);
    for (const { key, creds } of before) {
      expect((await store.storage({ key }).get())?.toJson()).toBe(creds.toJson());
    }
    // The dead writer's temporary file is gone too.
    expect(await readdir(tmp.dir)).toContain('m4.json');
    expect((await readdir(tmp.dir)).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  }, 30_000);
});

describe('8 processes × 125 getAccessToken() on one expired credential (M3)', () => {
  const server = useLoopbackServer({ per: 'file' });

  it('exactly 1 token request; every call gets the same token; the rotated refresh token is stored', async () => {
    const path = join(tmp.dir, 'm3.json');
    const oldRefresh = canary('1//old-');
    const rotated = canary('1//rotated-');
    const fresh = canary('ya29.fresh-');
    const seen: string[] = [];
    // Rotates the refresh token on each refresh and revokes the grant on reuse (RFC 9700 §4.14).
    server.route('POST', '/token', (req) => {
      const used = req.form.get('refresh_token') ?? '';
      const reuse = seen.includes(used);
      seen.push(used);
      if (reuse || used !== oldRefresh) return { status: 400, body: { error: 'invalid_grant' } };
      return {
        delayMs: 100,
        body: { access_token: fresh, expires_in: 3600, refresh_token: rotated },
      };
    });
    await getCredentialStorageCustomStringKey(path, 'shared').put(
      new OAuth2Credentials({
        accessToken: canary('ya29.expired-'),
        clientId: 'cid',
        clientSecret: canary('s-'),
        refreshToken: oldRefresh,
        tokenExpiry: new Date(Date.now() - 3600_000),
        tokenUri: server.urlOf('/token'),
      }),
    );

    const refreshers = Array.from({ length: 8 }, () =>
      workers.fork('refresh', [path, 'shared', '125']),
    );
    await Promise.all(refreshers.map((w) => firstMessage(w)));
    const results = refreshers.map((w) => firstMessage<{ tokens: string[] }>(w));
    for (const w of refreshers) w.send('go');
    const tokens = (await Promise.all(results)).flatMap((r) => r.tokens);

    expect(tokens).toHaveLength(1000);
    expect(new Set(tokens)).toEqual(new Set([fresh]));
    expect(server.count('/token')).toBe(1);
    expect(seen).toEqual([oldRefresh]);
    const stored = (await getCredentialStorageCustomStringKey(
      path,
      'shared',
    ).get()) as OAuth2Credentials;
    expect(stored.refreshToken).toBe(rotated);
    expect(stored.accessToken).toBe(fresh);
  }, 60_000);
});

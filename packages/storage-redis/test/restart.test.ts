import { AccessTokenCredentials, LockTimeoutError } from '@oauth2/core';
import { startRedis } from '@oauth2/test-kit';
import { afterAll, describe, expect, it } from 'vitest';
import { RedisStorage, RedisStorageError } from '../src/index.js';
import { connectStandalone, STANDALONE_CLIENTS } from './helpers.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
// AOF with fsync on every write: the restarted server has what was acknowledged.
const redis = await startRedis({ args: ['--appendonly', 'yes', '--appendfsync', 'always'] });
afterAll(() => redis.stop());

for (const clientName of [STANDALONE_CLIENTS[0], STANDALONE_CLIENTS[2]]) {
  describe(`Redis killed mid-run and restarted (${clientName})`, () => {
    it('typed errors while down, no corrupt value, work resumes when it is back', async () => {
      const { client, close } = await connectStandalone(clientName, redis);
      const names = [0, 1, 2, 3].map((i) => `${clientName}-restart-${i}`);
      const options = { commandTimeoutMs: 300, lockWaitMs: 1000 };
      const attempted = new Map(names.map((n) => [n, new Set<string>()]));
      const acked = new Map<string, string>();
      const failures: unknown[] = [];
      let phase: 'up' | 'down' | 'back' = 'up';
      let okAfter = 0;
      const loop = async (name: string) => {
        const storage = new RedisStorage(client, name, options);
        for (let i = 0; phase !== 'back' || okAfter < 20; i++) {
          const token = `${name}-${i}`;
          attempted.get(name)?.add(token);
          try {
            await storage.put(new AccessTokenCredentials({ accessToken: token, userAgent: 'r' }));
            acked.set(name, token);
            const read = (await storage.get()) as AccessTokenCredentials;
            expect(attempted.get(name)?.has(read.accessToken ?? '')).toBe(true);
            if (phase === 'back') okAfter++;
          } catch (err) {
            failures.push(err);
            await sleep(50);
          }
        }
      };
      const running = Promise.all(names.map(loop));
      await sleep(300);
      await redis.halt();
      phase = 'down';
      await sleep(1000);
      await redis.resume();
      phase = 'back';
      await running;
      await close();

      expect(failures.length).toBeGreaterThan(0);
      for (const err of failures) {
        // Unreachable, or a lock orphaned by a command that ran after its caller gave up.
        expect(err instanceof RedisStorageError || err instanceof LockTimeoutError).toBe(true);
      }
      expect(failures.some((e) => (e as RedisStorageError).code === 'redis_unavailable')).toBe(
        true,
      );
      const { client: after, close: closeAfter } = await connectStandalone(clientName, redis);
      for (const name of names) {
        const stored = (await new RedisStorage(after, name).get()) as AccessTokenCredentials;
        expect(attempted.get(name)?.has(stored.accessToken ?? '')).toBe(true);
      }
      await closeAfter();
    }, 30_000);
  });
}

import { mkdir, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { firstMessage, killWorker, useTempDir, useWorkerProcesses } from '@oauth2/test-kit';
import { describe, expect, it } from 'vitest';
import { FileStorage } from '../src/index.js';
import { makeCredentials } from './helpers.js';

const workers = useWorkerProcesses(new URL('./workers/', import.meta.url), [
  'core',
  'storage-file',
]);

// F4: SIGKILL at 5 injected points × RUNS runs. Each run: an acknowledged put of A, a worker that
// puts B and is killed at the point, then (after the dead worker's lock went stale) a put of C.
// 'dir-fsync' is the directory fsync, which runs after the unlock (outside the critical section):
// a kill there leaves the new content and no lock.
const POINTS = ['locked', 'temp-written', 'after-fsync', 'after-rename', 'dir-fsync'] as const;
// The full F4 matrix is 20 runs per point (100 kills, ~30 s on 2 cores): OAUTH2_CRASH_RUNS=20.
// By default 2 per point (10 kills, one parallel wave) keeps the suite within its time budget.
const RUNS = Number(process.env.OAUTH2_CRASH_RUNS ?? 2);
const STALE_MS = 2000;

const root = useTempDir('oauth2-crash-', { per: 'file' });

describe(`crash matrix: SIGKILL at ${POINTS.length} points × ${RUNS} runs (F4)`, () => {
  it('the file always holds exactly the previous or the new credential; the dead lock is recovered', async () => {
    const runs = POINTS.flatMap((point) => Array.from({ length: RUNS }, (_, n) => ({ point, n })));
    // Recovery waits are idle time, so more runs than cores overlap well.
    const recoveryMs = await pool(runs, 10, async ({ point, n }) => {
      const dir = join(root.dir, `${point}-${n}`);
      await mkdir(dir);
      const path = join(dir, 'creds.json');
      const a = makeCredentials();
      const b = makeCredentials();
      await new FileStorage(path).put(a);
      const child = workers.fork('crash-put', [path, point, b.toJson()]);
      const report = await firstMessage<{ at?: string }>(child);
      await killWorker(child);
      const killedAt = Date.now();
      expect(report.at, `${point} #${n}`).toBe(point);
      const expected = point === 'after-rename' || point === 'dir-fsync' ? b : a;
      expect(await readFile(path, 'utf8'), `${point} #${n}: content after the kill`).toBe(
        expected.toJson(),
      );
      // The dead worker's lock is left behind (the next put has to recover it), unless it died
      // after releasing it.
      if (point === 'dir-fsync') {
        expect(await readdir(dir), `${point} #${n}: lock released`).not.toContain(
          'creds.json.lock',
        );
      } else {
        expect(await readdir(dir), `${point} #${n}: lock left behind`).toContain('creds.json.lock');
      }

      // The next put takes over the dead worker's lock once stale, and cleans its temp file.
      const c = makeCredentials();
      await new FileStorage(path, { staleMs: STALE_MS }).put(c);
      const took = Date.now() - killedAt;
      expect(await readFile(path, 'utf8'), `${point} #${n}: content after recovery`).toBe(
        c.toJson(),
      );
      expect(await readdir(dir), `${point} #${n}: files after recovery`).toEqual(['creds.json']);
      return took;
    });
    console.log(
      `F4: recovery after SIGKILL took ${Math.min(...recoveryMs)}-${Math.max(...recoveryMs)} ms`,
    );
    // The strict M4 bound (stale + 2 s after one kill) is asserted by the multistore suite; here ten
    // workers start at once on 2 cores, so the bound leaves room for that load.
    expect(Math.max(...recoveryMs), `recovery times ${recoveryMs.join(', ')} ms`).toBeLessThan(
      STALE_MS + 5000,
    );
  }, 120_000);
});

/** Run `task` over `items` with at most `limit` in flight. */
async function pool<T, R>(items: T[], limit: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await task(items[i] as T);
      }
    }),
  );
  return results;
}

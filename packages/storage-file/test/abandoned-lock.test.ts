import { execFile, spawn } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { LockTimeoutError } from '@oauth2/core';
import { useTempDir } from '@oauth2/test-kit';
import { describe, expect, it } from 'vitest';
import { FileStorage } from '../src/index.js';
import { makeCredentials } from './helpers.js';

// Issue 9: lock directories that proper-lockfile alone would never take over. LD = lock directory.
const tmp = useTempDir('oauth2-ld-');
const run = promisify(execFile);
const packageDir = fileURLToPath(new URL('..', import.meta.url));
const STALE = 2_000;

/** Another process leaves a lock directory behind (with files inside, dated `offsetMs` away). */
async function abandonLock(lockDir: string, offsetMs: number, withFiles: boolean): Promise<void> {
  const script = `
    import { mkdirSync, utimesSync, writeFileSync } from 'node:fs';
    const [dir, offset, withFiles] = process.argv.slice(1);
    mkdirSync(dir);
    if (withFiles === 'true') {
      mkdirSync(dir + '/nested/deeper', { recursive: true });
      writeFileSync(dir + '/nested/deeper/pid', String(process.pid));
      writeFileSync(dir + '/owner', 'someone else');
    }
    const when = new Date(Date.now() + Number(offset));
    utimesSync(dir, when, when);`;
  await run(process.execPath, [
    '--input-type=module',
    '-e',
    script,
    lockDir,
    String(offsetMs),
    String(withFiles),
  ]);
}

async function putTimed(path: string): Promise<number> {
  const started = performance.now();
  await new FileStorage(path, { staleMs: STALE, lockWaitMs: 15_000 }).put(makeCredentials());
  return performance.now() - started;
}

describe('abandoned lock directories are taken over (issue 9)', () => {
  it('LD1 a lock directory dated an hour in the future is taken over after the stale interval', async () => {
    const path = join(tmp.dir, 'creds.json');
    await abandonLock(`${path}.lock`, 3_600_000, false);
    const elapsed = await putTimed(path);
    expect(elapsed).toBeGreaterThanOrEqual(STALE - 100);
    expect(elapsed).toBeLessThan(STALE + 4_000);
    expect(await readdir(tmp.dir)).toEqual(['creds.json']);
    expect(JSON.parse(await readFile(path, 'utf8'))._class).toBe('OAuth2Credentials');
  });

  it('LD2 a lock directory that is not empty is removed recursively after the stale interval', async () => {
    const path = join(tmp.dir, 'creds.json');
    await abandonLock(`${path}.lock`, -60_000, true);
    const elapsed = await putTimed(path);
    expect(elapsed).toBeGreaterThanOrEqual(STALE - 100);
    expect(elapsed).toBeLessThan(STALE + 4_000);
    expect(await readdir(tmp.dir)).toEqual(['creds.json']);
  });

  it('LD3 several writers racing over a future-dated, non-empty lock all succeed, nothing left over', async () => {
    const path = join(tmp.dir, 'creds.json');
    await abandonLock(`${path}.lock`, 3_600_000, true);
    const times = await Promise.all([putTimed(path), putTimed(path), putTimed(path)]);
    expect(times.every((t) => t < STALE + 6_000)).toBe(true);
    expect(await readdir(tmp.dir)).toEqual(['creds.json']);
    expect(JSON.parse(await readFile(path, 'utf8'))._class).toBe('OAuth2Credentials');
  });

  it('LD4 a live holder in another process (which keeps touching its lock) is never taken over', async () => {
    const path = join(tmp.dir, 'creds.json');
    const holder = spawn(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `import lockfile from 'proper-lockfile';
         const release = await lockfile.lock(process.argv[1], { realpath: false, stale: ${STALE},
           onCompromised: (e) => { console.error('compromised', e.code); process.exit(3); } });
         console.log('locked');
         setTimeout(async () => { await release(); process.exit(0); }, 2 * ${STALE} + 1500);`,
        path,
      ],
      { cwd: packageDir, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stderr = '';
    holder.stderr.on('data', (d) => {
      stderr += d;
    });
    const exited = new Promise<number | null>((resolve) => holder.on('exit', resolve));
    await new Promise<void>((resolve, reject) => {
      holder.stdout.once('data', () => resolve());
      holder.once('exit', () => reject(new Error(`holder exited early: ${stderr}`)));
    });
    try {
      const err = await new FileStorage(path, { staleMs: STALE, lockWaitMs: 2 * STALE + 500 })
        .put(makeCredentials())
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(LockTimeoutError);
    } finally {
      expect(await exited).toBe(0); // never compromised: its lock was left alone
    }
    expect(stderr).toBe('');
  }, 30_000);
});

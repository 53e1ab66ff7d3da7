import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { firstMessage, killWorker, WorkerProcesses } from './fork-worker.js';
import { useTempDir } from './temp-dir.js';

const tmp = useTempDir('oauth2-kit-fork-', { per: 'file' });
let workers: WorkerProcesses | undefined;
afterAll(() => workers?.killAll());

async function workerDir(): Promise<URL> {
  // Reports its arguments, its cwd and one env var, then stays alive until killed.
  await writeFile(
    join(tmp.dir, 'echo.mjs'),
    'process.send({ args: process.argv.slice(2), cwd: process.cwd(), env: process.env.KIT_TEST, ' +
      'execArgv: process.execArgv });\nsetInterval(() => {}, 60_000);\n',
  );
  await writeFile(join(tmp.dir, 'quit.mjs'), 'process.exit(3);\n');
  return pathToFileURL(`${tmp.dir}/`);
}

describe('WorkerProcesses', () => {
  it('forks <dir>/<name>.mjs under plain Node with IPC, env and cwd; killAll leaves none running', async () => {
    workers = new WorkerProcesses(await workerDir(), []);
    const child = workers.fork('echo', ['a', 'b'], {
      env: { ...process.env, KIT_TEST: 'yes' },
      cwd: tmp.dir,
    });
    expect(await firstMessage(child)).toEqual({
      args: ['a', 'b'],
      cwd: tmp.dir,
      env: 'yes',
      execArgv: [],
    });
    const exited = new Promise((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
    workers.killAll();
    expect(await exited).toBe('SIGKILL');
  });

  it('killWorker waits for the exit; firstMessage rejects when the child dies first', async () => {
    workers = new WorkerProcesses(await workerDir(), []);
    const child = workers.fork('echo', []);
    await firstMessage(child);
    await killWorker(child);
    expect(child.signalCode).toBe('SIGKILL');
    await expect(firstMessage(workers.fork('quit', []))).rejects.toThrow(
      /exited \(3\) before reporting/,
    );
  });

  it('assertBuilt names the build command of every package when one is not built', () => {
    const dir = new URL('./', import.meta.url);
    expect(() => new WorkerProcesses(dir, []).assertBuilt()).not.toThrow();
    expect(() => new WorkerProcesses(dir, ['no-such-package', 'nope']).assertBuilt()).toThrow(
      '(cd packages/no-such-package && pnpm exec tsc -p tsconfig.build.json) && ' +
        '(cd packages/nope && pnpm exec tsc -p tsconfig.build.json)',
    );
  });
});

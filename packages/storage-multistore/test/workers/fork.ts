import { type ChildProcess, fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const builtEntries = [
  '../../../core/dist/index.js',
  '../../../core/dist/fs/index.js',
  '../../dist/index.js',
];

/** Child-process workers import the built packages: fail clearly when they are not built. */
export function assertBuilt(): void {
  for (const entry of builtEntries) {
    if (!existsSync(fileURLToPath(new URL(entry, import.meta.url)))) {
      throw new Error(
        'The multi-process tests run workers against the built packages. Build them first: ' +
          '(cd packages/core && pnpm exec tsc -p tsconfig.build.json) && ' +
          '(cd packages/storage-multistore && pnpm exec tsc -p tsconfig.build.json)',
      );
    }
  }
}

const children = new Set<ChildProcess>();

/** SIGKILL every worker still running (call from afterAll, so a failed test leaves none behind). */
export function killAll(): void {
  for (const child of children)
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  children.clear();
}

/** Fork `test/workers/<name>.mjs` with IPC. */
export function forkWorker(name: string, args: string[]): ChildProcess {
  const child = fork(fileURLToPath(new URL(`./${name}.mjs`, import.meta.url)), args, {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    // Not vitest's flags (they resolve workspace packages to their TypeScript sources).
    execArgv: [],
    // The certificate bundle adds ~50 ms to every Node start and no worker uses TLS.
    env: { ...process.env, NODE_EXTRA_CA_CERTS: '' },
  });
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

/** Resolve with the first IPC message, or reject if the child exits first. */
export function firstMessage<T>(child: ChildProcess): Promise<T> {
  return new Promise((resolve, reject) => {
    child.once('message', (m) => resolve(m as T));
    child.once('exit', (code, signal) =>
      reject(new Error(`worker exited (${code ?? signal}) before reporting`)),
    );
  });
}

/** SIGKILL the child and wait until it is gone. */
export async function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

/** Run `task` over `items` with at most `limit` in flight. */
export async function pool<T, R>(
  items: T[],
  limit: number,
  task: (item: T) => Promise<R>,
): Promise<R[]> {
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

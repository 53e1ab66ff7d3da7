import { type ChildProcess, fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { repoRoot } from './paths.js';

/** Per-fork options of {@link WorkerProcesses.fork}. */
export interface ForkWorkerOptions {
  /** The child's environment (default: this process's). */
  env?: NodeJS.ProcessEnv;
  /** The child's working directory. */
  cwd?: string;
}

/**
 * Child-process workers for multi-process tests (lock contention, SIGKILL mid-write): forks
 * `<dir>/<name>.mjs` with IPC and keeps track of the children so that `killAll` (from `afterAll`)
 * leaves none behind after a failed or timed-out test. Workers run under plain Node, which
 * resolves workspace packages to their built `dist`.
 *
 * @example
 * const workers = new WorkerProcesses(new URL('./workers/', import.meta.url), ['core', 'storage-file']);
 * afterAll(() => workers.killAll());
 * workers.assertBuilt();
 * const report = await firstMessage<{ at: string }>(workers.fork('crash-put', [path]));
 */
export class WorkerProcesses {
  readonly #dir: URL;
  readonly #packages: readonly string[];
  readonly #children = new Set<ChildProcess>();

  /**
   * @param dir - the folder of the worker scripts: `new URL('./workers/', import.meta.url)`.
   * @param packages - the workspace packages the workers import (`['core', 'storage-file']`).
   */
  constructor(dir: URL, packages: readonly string[]) {
    this.#dir = dir;
    this.#packages = packages;
  }

  /** Throw a clear error, with the build commands, when a package the workers import is not built. */
  assertBuilt(): void {
    const built = (p: string) => existsSync(join(repoRoot, 'packages', p, 'dist', 'index.js'));
    if (this.#packages.every(built)) return;
    throw new Error(
      'The multi-process tests run workers against the built packages. Build them first: ' +
        this.#packages
          .map((p) => `(cd packages/${p} && pnpm exec tsc -p tsconfig.build.json)`)
          .join(' && '),
    );
  }

  /** Fork `<dir>/<name>.mjs` with IPC, under plain Node (without the test runner's flags). */
  fork(name: string, args: string[], options: ForkWorkerOptions = {}): ChildProcess {
    const child = fork(fileURLToPath(new URL(`${name}.mjs`, this.#dir)), args, {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
      // Not vitest's flags (they resolve workspace packages to their TypeScript sources).
      execArgv: [],
      // The certificate bundle adds ~50 ms to every Node start and no worker uses TLS.
      env: { ...(options.env ?? process.env), NODE_EXTRA_CA_CERTS: '' },
    });
    this.#children.add(child);
    child.once('exit', () => this.#children.delete(child));
    return child;
  }

  /** SIGKILL every worker still running (call from `afterAll`). */
  killAll(): void {
    for (const child of this.#children) {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
    this.#children.clear();
  }
}

/** Resolve with the first IPC message of `child`, or reject if it exits first. */
export function firstMessage<T>(child: ChildProcess): Promise<T> {
  return new Promise((resolve, reject) => {
    child.once('message', (m) => resolve(m as T));
    child.once('exit', (code, signal) =>
      reject(new Error(`worker exited (${code ?? signal}) before reporting`)),
    );
  });
}

/** SIGKILL `child` and wait until it is gone. */
export async function killWorker(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

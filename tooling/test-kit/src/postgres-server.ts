import { execFile, execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { chown, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Options of {@link startPostgres}. */
export interface StartPostgresOptions {
  /** The folder with `initdb`, `pg_ctl` and `postgres` (default: Debian's newest, or `OAUTH2_PG_BIN`). */
  binDir?: string;
  /** The non-root user that runs the server when the tests run as root (default `postgres`). */
  osUser?: string;
  /** `max_connections` (default 200: 8 worker processes with their own pools fit). */
  maxConnections?: number;
}

/** A running throwaway PostgreSQL server (see {@link startPostgres}). */
export interface PostgresServer {
  /** Always `127.0.0.1`. */
  readonly host: string;
  /** The random TCP port it listens on. */
  readonly port: number;
  /** The superuser (trust authentication: no password). */
  readonly user: string;
  /** The database to connect to (`postgres`). */
  readonly database: string;
  /** `postgres://user@127.0.0.1:port/postgres`. */
  readonly connectionString: string;
  /** The throwaway folder holding the data directory, the log and the unix socket. */
  readonly dir: string;
  /** Stop the server fast (`pg_ctl stop -m fast`) and keep its data: for restart tests. */
  stopServer(): Promise<void>;
  /** Start it again on the same port and data after {@link stopServer}. */
  startServer(): Promise<void>;
  /** Stop, wait `downMs` (default 0), start again: the "database restarting" fault. */
  restart(options?: { downMs?: number }): Promise<void>;
  /** The server log so far (to explain a failed test). */
  log(): Promise<string>;
  /** Stop the server and remove its folder. Safe to call twice. */
  stop(): Promise<void>;
}

/** Debian installs each major under /usr/lib/postgresql/<major>/bin; take the newest. */
function defaultBinDir(): string {
  if (process.env.OAUTH2_PG_BIN) return process.env.OAUTH2_PG_BIN;
  const root = '/usr/lib/postgresql';
  const majors = existsSync(root)
    ? readdirSync(root)
        .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (majors[0] === undefined) {
    throw new Error(
      "PostgreSQL's server binaries are not installed (no /usr/lib/postgresql/*/bin/initdb); run 'bash scripts/setup.sh' (apt package postgresql).",
    );
  }
  return join(root, majors[0], 'bin');
}

/** A free TCP port on 127.0.0.1 (the OS picks; a tiny race with other binders is accepted). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/**
 * Start a PostgreSQL server of its own for a test run: Debian's binaries, a fresh data directory
 * in a temp folder, a random 127.0.0.1 port, its unix socket in that folder (never /var/run),
 * `fsync`/`synchronous_commit`/`full_page_writes` off for speed, trust authentication. `initdb`
 * and `postgres` refuse to run as root, so as root they run as `osUser` through `runuser`. It
 * never touches a cluster the machine already runs. A process exit stops it at the latest.
 *
 * @example
 * const pg = await startPostgres();
 * const pool = new Pool({ connectionString: pg.connectionString });
 * // ...
 * await pool.end();
 * await pg.stop();
 */
export async function startPostgres(options: StartPostgresOptions = {}): Promise<PostgresServer> {
  const binDir = options.binDir ?? defaultBinDir();
  const asRoot = process.getuid?.() === 0;
  const osUser = options.osUser ?? 'postgres';
  const dir = await mkdtemp(join(tmpdir(), 'oauth2-pg-'));
  const data = join(dir, 'data');
  const logFile = join(dir, 'server.log');
  if (asRoot) {
    const ids: string[] = [];
    try {
      ids.push((await run('id', ['-u', osUser])).stdout.trim());
      ids.push((await run('id', ['-g', osUser])).stdout.trim());
    } catch (err) {
      await rm(dir, { recursive: true, force: true });
      throw new Error(
        `The tests run as root and PostgreSQL refuses root; there is no '${osUser}' user to run it as. Run 'bash scripts/setup.sh'.`,
        { cause: err },
      );
    }
    await chown(dir, Number(ids[0]), Number(ids[1]));
  }
  const pgRun = (tool: string, args: string[]) =>
    asRoot
      ? run('runuser', ['-u', osUser, '--', join(binDir, tool), ...args], { cwd: dir })
      : run(join(binDir, tool), args, { cwd: dir });

  const port = await freePort();
  const serverOptions = [
    `-p ${port}`,
    "-c listen_addresses='127.0.0.1'",
    `-c unix_socket_directories='${dir}'`,
    '-c fsync=off',
    '-c synchronous_commit=off',
    '-c full_page_writes=off',
    `-c max_connections=${options.maxConnections ?? 200}`,
  ].join(' ');
  const pgCtl = (...args: string[]) => pgRun('pg_ctl', ['-D', data, ...args]);
  const startServer = async () => {
    await pgCtl('-l', logFile, '-o', serverOptions, '-w', '-t', '60', 'start');
  };
  const stopServer = async () => {
    await pgCtl('-m', 'fast', '-w', '-t', '60', 'stop');
  };

  // Last resort when the test process exits without stop(): no server outlives the run.
  let running = false;
  const onExit = () => {
    if (!running) return;
    const args = ['-D', data, '-m', 'immediate', 'stop'];
    try {
      if (asRoot) execFileSync('runuser', ['-u', osUser, '--', join(binDir, 'pg_ctl'), ...args]);
      else execFileSync(join(binDir, 'pg_ctl'), args);
    } catch {
      // Already gone.
    }
  };
  process.once('exit', onExit);

  try {
    await pgRun('initdb', [
      '-D',
      data,
      '-U',
      'postgres',
      '--auth=trust',
      '--encoding=UTF8',
      '--locale=C',
      '--no-sync',
      '--no-instructions',
    ]);
    await startServer();
    running = true;
  } catch (err) {
    const log = await readFile(logFile, 'utf8').catch(() => '');
    process.removeListener('exit', onExit);
    await rm(dir, { recursive: true, force: true });
    throw new Error(`PostgreSQL did not start: ${(err as Error).message}\n${log}`, { cause: err });
  }

  let stopped = false;
  return {
    host: '127.0.0.1',
    port,
    user: 'postgres',
    database: 'postgres',
    connectionString: `postgres://postgres@127.0.0.1:${port}/postgres`,
    dir,
    async stopServer() {
      await stopServer();
      running = false;
    },
    async startServer() {
      await startServer();
      running = true;
    },
    async restart({ downMs = 0 } = {}) {
      await stopServer();
      running = false;
      if (downMs > 0) await new Promise((resolve) => setTimeout(resolve, downMs));
      await startServer();
      running = true;
    },
    log: () => readFile(logFile, 'utf8').catch(() => ''),
    async stop() {
      if (stopped) return;
      stopped = true;
      if (running) await stopServer().catch(() => onExit());
      running = false;
      process.removeListener('exit', onExit);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

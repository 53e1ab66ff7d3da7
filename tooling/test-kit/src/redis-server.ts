import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Debian's binaries (scripts/setup.sh installs `redis-server`). */
export const REDIS_SERVER_PATH = '/usr/bin/redis-server';
export const REDIS_CLI_PATH = '/usr/bin/redis-cli';

/** Options of {@link startRedis}. */
export interface StartRedisOptions {
  /** Extra `redis-server` arguments (`['--maxmemory', '1mb']`...). */
  args?: string[];
  /** Give up waiting for "Ready to accept connections" after this long (default 10 000 ms). */
  readyTimeoutMs?: number;
}

/** A `redis-server` this test run started, on 127.0.0.1 with a throwaway directory. */
export interface RedisServerHandle {
  readonly host: '127.0.0.1';
  readonly port: number;
  /** `redis://127.0.0.1:<port>`. */
  readonly url: string;
  /** The server's working directory (removed by {@link stop}). */
  readonly dir: string;
  /** Run `redis-cli -p <port> <args...>` against it and return its stdout (trimmed). */
  cli(...args: string[]): Promise<string>;
  /** SIGKILL the process but keep the port and directory, as a crash would. */
  halt(): Promise<void>;
  /** Start it again on the same port after {@link halt} (the data is gone: `--save ''`). */
  resume(): Promise<void>;
  /** Kill it and remove its directory (idempotent). */
  stop(): Promise<void>;
}

/** Three cluster masters covering every slot. */
export interface RedisClusterHandle {
  readonly nodes: readonly RedisServerHandle[];
  /** `[{ host, port }, ...]` of the masters, for cluster clients. */
  readonly rootNodes: { host: string; port: number }[];
  stop(): Promise<void>;
}

/** A free TCP port on 127.0.0.1 (with `port + offset` free too when `offset` is given). */
async function freePort(offset?: number): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = await listenOnce(0);
    if (offset === undefined) return port;
    if (port + offset > 65_535) continue;
    if ((await listenOnce(port + offset).catch(() => 0)) !== 0) return port;
  }
  throw new Error('startRedis: no free port pair found on 127.0.0.1');
}

function listenOnce(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      const chosen = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(chosen));
    });
  });
}

function spawnServer(args: string[], timeoutMs: number): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(REDIS_SERVER_PATH, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`redis-server did not become ready in ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Ready to accept connections')) {
        clearTimeout(timer);
        child.stdout?.off('data', onData);
        child.stdout?.resume();
        resolve(child);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`redis-server exited (${code ?? signal}) before it was ready:\n${output}`));
    });
  });
}

async function killChild(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

/**
 * Start Debian's `redis-server` for a test: a free 127.0.0.1 port, `--save '' --appendonly no`,
 * a fresh temporary directory; `stop()` kills it and removes the directory. It never touches a
 * Redis the user runs.
 *
 * @example
 * const redis = await startRedis();
 * afterAll(() => redis.stop());
 * const client = await createClient({ url: redis.url }).connect();
 */
export async function startRedis(options: StartRedisOptions = {}): Promise<RedisServerHandle> {
  return startOne(options);
}

async function startOne(
  options: StartRedisOptions,
  busOffset?: number,
): Promise<RedisServerHandle> {
  const dir = await mkdtemp(join(tmpdir(), 'oauth2-redis-'));
  const timeoutMs = options.readyTimeoutMs ?? 10_000;
  let port = 0;
  let child: ChildProcess | undefined;
  const argsFor = (p: number) => [
    '--port',
    String(p),
    '--bind',
    '127.0.0.1',
    '--save',
    '',
    '--appendonly',
    'no',
    '--dir',
    dir,
    '--logfile',
    '',
    ...(options.args ?? []),
  ];
  // The port is free when picked but may be taken before the server binds it: pick again.
  for (let attempt = 0; ; attempt++) {
    port = await freePort(busOffset);
    try {
      child = await spawnServer(argsFor(port), timeoutMs);
      break;
    } catch (err) {
      if (attempt >= 2) {
        await rm(dir, { recursive: true, force: true });
        throw err;
      }
    }
  }
  let stopped = false;
  const handle: RedisServerHandle = {
    host: '127.0.0.1',
    port,
    url: `redis://127.0.0.1:${port}`,
    dir,
    async cli(...args) {
      const { stdout } = await run(REDIS_CLI_PATH, [
        '-h',
        '127.0.0.1',
        '-p',
        String(port),
        ...args,
      ]);
      return stdout.trim();
    },
    async halt() {
      await killChild(child);
    },
    async resume() {
      if (child && child.exitCode === null && child.signalCode === null) return;
      child = await spawnServer(argsFor(port), timeoutMs);
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      await killChild(child);
      await rm(dir, { recursive: true, force: true });
    },
  };
  return handle;
}

/**
 * Start a 3-master Redis Cluster (three `redis-server --cluster-enabled yes` and
 * `redis-cli --cluster create --cluster-yes`), each on a free 127.0.0.1 port whose bus port
 * (+10 000) is free too, and wait until every node reports `cluster_state:ok`.
 *
 * @example
 * const cluster = await startRedisCluster();
 * afterAll(() => cluster.stop());
 * const client = await createCluster({ rootNodes: cluster.rootNodes.map((n) => ({ url: `redis://${n.host}:${n.port}` })) }).connect();
 */
export async function startRedisCluster(
  options: StartRedisOptions = {},
): Promise<RedisClusterHandle> {
  const clusterArgs = [
    '--cluster-enabled',
    'yes',
    '--cluster-config-file',
    'nodes.conf',
    '--cluster-node-timeout',
    '5000',
    ...(options.args ?? []),
  ];
  const nodes: RedisServerHandle[] = [];
  const stop = async () => {
    await Promise.all(nodes.map((n) => n.stop()));
  };
  try {
    for (let i = 0; i < 3; i++)
      nodes.push(await startOne({ ...options, args: clusterArgs }, 10_000));
    await run(REDIS_CLI_PATH, [
      '--cluster',
      'create',
      ...nodes.map((n) => `127.0.0.1:${n.port}`),
      '--cluster-replicas',
      '0',
      '--cluster-yes',
    ]);
    const deadline = Date.now() + (options.readyTimeoutMs ?? 20_000);
    for (const node of nodes) {
      while (!(await node.cli('cluster', 'info')).includes('cluster_state:ok')) {
        if (Date.now() > deadline)
          throw new Error('startRedisCluster: cluster_state never became ok');
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  } catch (err) {
    await stop();
    throw err;
  }
  return { nodes, rootNodes: nodes.map((n) => ({ host: n.host, port: n.port })), stop };
}

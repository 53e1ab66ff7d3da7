// @oauth2/storage-redis against raw node-redis on the same server, in the same run: get and
// lock+put latency, and the 8-process stampede's wall time against the token server's latency.
// Starts its own redis-server (Debian's /usr/bin/redis-server) on a free 127.0.0.1 port.
//
// Build first:  for p in core storage-redis; do (cd packages/$p && pnpm exec tsc -p tsconfig.build.json); done
// Run:          node bench/redis.mjs [--samples 5000] [--rounds 5] [--latencies 50,200]
import { fork, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { OAuth2Credentials } from '@oauth2/core';
import { RedisStorage } from '@oauth2/storage-redis';
import { createClient } from 'redis';

const { values } = parseArgs({
  options: {
    samples: { type: 'string', default: '5000' },
    rounds: { type: 'string', default: '5' },
    latencies: { type: 'string', default: '50,200' },
    procs: { type: 'string', default: '8' },
    calls: { type: 'string', default: '125' },
    worker: { type: 'string' },
    name: { type: 'string' },
  },
});

const credentialsFor = (tokenUri, expired) =>
  new OAuth2Credentials({
    accessToken: `at-${'x'.repeat(120)}`,
    clientId: 'bench-client.apps.example',
    clientSecret: 'bench-secret',
    refreshToken: `rt-${'y'.repeat(100)}`,
    tokenExpiry: new Date(Date.now() + (expired ? -60_000 : 3_600_000)),
    tokenUri,
    userAgent: 'bench/1.0',
    scopes: ['email', 'profile'],
  });

async function freePort() {
  return new Promise((resolve) => {
    const s = createNetServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

async function startRedis() {
  const dir = mkdtempSync(join(tmpdir(), 'oauth2-bench-redis-'));
  const port = await freePort();
  const child = spawn(
    '/usr/bin/redis-server',
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
      '--dir',
      dir,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  await new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (c) => {
      out += c;
      if (out.includes('Ready to accept connections')) resolve();
    });
    child.once('exit', () => reject(new Error(`redis-server exited:\n${out}`)));
  });
  child.stdout.resume();
  return {
    url: `redis://127.0.0.1:${port}`,
    stop: () => {
      child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const pct = (sorted, p) =>
  sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))];
const fmt = (n) => n.toFixed(3);

async function latency(fn, samples) {
  for (let i = 0; i < 200; i++) await fn(); // warm-up
  const times = [];
  const started = performance.now();
  for (let i = 0; i < samples; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  const total = performance.now() - started;
  times.sort((a, b) => a - b);
  return { opsPerSec: (samples / total) * 1000, p50: pct(times, 50), p99: pct(times, 99) };
}

async function inFlight(fn, samples, width = 8) {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next++ < samples) await fn();
    }),
  );
  return (samples / (performance.now() - started)) * 1000;
}

function tokenServer(latencyMs) {
  let refreshes = 0;
  let n = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      refreshes++;
      setTimeout(() => {
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ access_token: `at-new-${++n}`, expires_in: 3600 }));
      }, latencyMs);
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        uri: `http://127.0.0.1:${server.address().port}/token`,
        get refreshes() {
          return refreshes;
        },
        close: () => new Promise((r) => server.close(r)),
      }),
    ),
  );
}

async function stampede(redis, client, latencyMs, round) {
  const server = await tokenServer(latencyMs);
  const name = `stampede-${latencyMs}-${round}`;
  await new RedisStorage(client, name).put(credentialsFor(server.uri, true));
  const here = fileURLToPath(import.meta.url);
  const children = Array.from({ length: Number(values.procs) }, () =>
    fork(here, ['--worker', redis.url, '--name', name, '--calls', values.calls], {
      execArgv: [],
      env: { ...process.env, NODE_EXTRA_CA_CERTS: '' },
    }),
  );
  await Promise.all(children.map((c) => new Promise((r) => c.once('message', r))));
  const done = children.map((c) => new Promise((r) => c.once('message', r)));
  const started = performance.now();
  for (const c of children) c.send('go');
  const distinct = await Promise.all(done);
  const wallMs = performance.now() - started;
  await server.close();
  return { wallMs, refreshes: server.refreshes, distinct: Math.max(...distinct) };
}

async function main() {
  const samples = Number(values.samples);
  const rounds = Number(values.rounds);
  const redis = await startRedis();
  const client = createClient({ url: redis.url });
  await client.connect();
  try {
    const storage = new RedisStorage(client, 'bench');
    const credentials = credentialsFor('https://oauth2.example/token', false);
    const json = credentials.toJson();
    await storage.put(credentials);
    await client.set('raw-bench', json);

    const rows = { rawGet: [], ourGet: [], rawSet: [], ourPut: [], rawGet8: [], ourGet8: [] };
    for (let r = 0; r < rounds; r++) {
      // Alternate which goes first.
      const pair = [
        async () => rows.rawGet.push(await latency(() => client.get('raw-bench'), samples)),
        async () => rows.ourGet.push(await latency(() => storage.get(), samples)),
      ];
      for (const run of r % 2 ? pair.reverse() : pair) await run();
      rows.rawSet.push(await latency(() => client.set('raw-bench', json), samples));
      rows.ourPut.push(await latency(() => storage.put(credentials), samples));
      rows.rawGet8.push(await inFlight(() => client.get('raw-bench'), samples));
      rows.ourGet8.push(await inFlight(() => storage.get(), samples));
    }
    const med = (xs, f) => {
      const s = xs.map(f).sort((a, b) => a - b);
      return s[Math.floor(s.length / 2)];
    };
    console.log(
      `Redis ${samples} samples x ${rounds} rounds, medians of rounds (value ${json.length} bytes)\n`,
    );
    console.log('| operation | sequential ops/s | p50 (ms) | p99 (ms) | 8 in flight ops/s |');
    console.log('| --- | ---: | ---: | ---: | ---: |');
    const line = (label, xs, eight) =>
      console.log(
        `| ${label} | ${Math.round(med(xs, (x) => x.opsPerSec))} | ${fmt(med(xs, (x) => x.p50))} | ${fmt(med(xs, (x) => x.p99))} | ${eight ? Math.round(med(eight, (x) => x)) : 'n/a'} |`,
      );
    line('raw node-redis GET', rows.rawGet, rows.rawGet8);
    line('RedisStorage.get() (1 MGET + parse)', rows.ourGet, rows.ourGet8);
    line('raw node-redis SET', rows.rawSet);
    line('RedisStorage.put() (lock + fenced SET + unlock)', rows.ourPut);
    const seqRatios = rows.ourGet.map((o, i) => o.opsPerSec / rows.rawGet[i].opsPerSec);
    const flightRatios = rows.ourGet8.map((o, i) => o / rows.rawGet8[i]);
    console.log(
      `\nget throughput, ours / raw: sequential ${seqRatios.map((x) => x.toFixed(2)).join(', ')}; 8 in flight ${flightRatios.map((x) => x.toFixed(2)).join(', ')}`,
    );
    console.log(`lock+put p99 per round (ms): ${rows.ourPut.map((x) => fmt(x.p99)).join(', ')}`);

    console.log(
      `\n| token server latency | ${values.procs} processes x ${values.calls} calls: wall (ms), median [min-max] | token requests | distinct tokens |`,
    );
    console.log('| ---: | ---: | ---: | ---: |');
    for (const latencyMs of values.latencies.split(',').map(Number)) {
      const results = [];
      for (let r = 0; r < Math.min(rounds, 3); r++)
        results.push(await stampede(redis, client, latencyMs, r));
      const walls = results.map((x) => x.wallMs).sort((a, b) => a - b);
      console.log(
        `| ${latencyMs} ms | ${Math.round(walls[Math.floor(walls.length / 2)])} [${Math.round(walls[0])}-${Math.round(walls.at(-1))}] | ${results.map((x) => x.refreshes).join(', ')} | ${results.map((x) => x.distinct).join(', ')} |`,
      );
    }
  } finally {
    client.destroy();
    redis.stop();
  }
}

// ---- worker process: one app instance of the stampede ----
if (values.worker) {
  const client = createClient({ url: values.worker });
  client.on('error', () => {});
  await client.connect();
  const credentials = await new RedisStorage(client, values.name).get();
  process.send('ready');
  await new Promise((resolve) => process.once('message', resolve));
  const results = await Promise.all(
    Array.from({ length: Number(values.calls) }, () => credentials.getAccessToken()),
  );
  client.destroy();
  process.send(new Set(results.map((r) => r.accessToken)).size, () => process.exit(0));
} else {
  await main();
}

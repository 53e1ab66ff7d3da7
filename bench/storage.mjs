// Storage latency and multistore contention (adversarial c1, c2): @oauth2/storage-file and
// @oauth2/storage-multistore next to a bare proper-lockfile read-modify-write in the same run.
//
// Build first:  for p in core storage-file storage-multistore; do (cd packages/$p && pnpm exec tsc -p tsconfig.build.json); done
// Run:          node bench/storage.mjs [--samples 200] [--entries 10] [--procs 4,16] [--puts 50] [--rounds 1]
import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { open, readFile, rename } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { AccessTokenCredentials, OAuth2Credentials } from '@oauth2/core';
import { FileStorage } from '@oauth2/storage-file';
import { Multistore } from '@oauth2/storage-multistore';
import lockfile from 'proper-lockfile';

const { values } = parseArgs({
  options: {
    samples: { type: 'string', default: '200' },
    entries: { type: 'string', default: '10' },
    procs: { type: 'string', default: '4,16' },
    puts: { type: 'string', default: '50' },
    rounds: { type: 'string', default: '1' },
    worker: { type: 'string' },
    path: { type: 'string' },
    id: { type: 'string' },
  },
});

// The same back-off as the storages: jittered, 20 ms growing ×1.3 to 250 ms, no realpath
// (toolchain.md). 1 000 retries (~4 min at most): the `retry` module precomputes every timeout on
// each lock() call, so 100 000 retries would cost ~30 ms per lock by themselves.
const LOCK = {
  realpath: false,
  stale: 10_000,
  retries: { retries: 1000, minTimeout: 20, maxTimeout: 250, factor: 1.3, randomize: true },
};

/** The baseline: lock, read the JSON map, set one key, write it atomically, unlock. */
async function barePut(path, key, value) {
  const release = await lockfile.lock(path, LOCK);
  try {
    let data = {};
    try {
      data = JSON.parse(await readFile(path, 'utf8'));
    } catch (err) {
      if (err.code !== 'ENOENT') throw err;
    }
    data[key] = value;
    const temp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
    const handle = await open(temp, 'wx', 0o600);
    await handle.writeFile(JSON.stringify(data));
    await handle.sync();
    await handle.close();
    await rename(temp, path);
  } finally {
    await release();
  }
}

async function bareGet(path, key) {
  const release = await lockfile.lock(path, LOCK);
  try {
    return JSON.parse(await readFile(path, 'utf8'))[key];
  } finally {
    await release();
  }
}

const entry = (key) => new AccessTokenCredentials({ accessToken: `${key}-${'x'.repeat(64)}` });

// ---- worker processes (contention) ----
if (values.worker) {
  const puts = Number(values.puts);
  let worst = 0;
  const store = new Multistore(values.path, { lockWaitMs: 600_000 });
  for (let i = 0; i < puts; i++) {
    const key = `w${values.id}-${i}`;
    const started = performance.now();
    if (values.worker === 'multistore') await store.storage({ key }).put(entry(key));
    else await barePut(values.path, key, JSON.parse(entry(key).toJson()));
    worst = Math.max(worst, performance.now() - started);
  }
  process.send({ worst }, () => process.exit(0));
} else {
  await main();
}

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function timeIt(samples, fn) {
  const times = [];
  for (let i = 0; i < samples; i++) {
    const started = performance.now();
    await fn(i);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p95: percentile(times, 95), p99: percentile(times, 99) };
}

async function contention(kind, procs, puts, dir, round = 0) {
  const path = join(dir, `${kind}-${procs}-${round}.json`);
  const started = performance.now();
  const children = Array.from({ length: procs }, (_, id) =>
    fork(
      fileURLToPath(import.meta.url),
      ['--worker', kind, '--path', path, '--id', String(id), '--puts', String(puts)],
      {
        env: { ...process.env, NODE_EXTRA_CA_CERTS: '' },
      },
    ),
  );
  const reports = await Promise.all(children.map((c) => new Promise((r) => c.once('message', r))));
  const wall = performance.now() - started;
  const present =
    kind === 'multistore'
      ? (await new Multistore(path).keys()).length
      : Object.keys(JSON.parse(await readFile(path, 'utf8'))).length;
  return { wall, present, worst: Math.max(...reports.map((r) => r.worst)) };
}

async function main() {
  const samples = Number(values.samples);
  const entries = Number(values.entries);
  const dir = mkdtempSync(join(tmpdir(), 'oauth2-bench-storage-'));
  const fmt = (ms) => ms.toFixed(1);
  try {
    const credentials = new OAuth2Credentials({
      accessToken: 'ya29.bench',
      clientId: 'cid',
      clientSecret: 'secret',
      refreshToken: '1//bench',
      tokenExpiry: new Date(Date.now() + 3600_000),
      tokenUri: 'https://oauth2.example/token',
      scopes: ['email'],
    });
    const file = new FileStorage(join(dir, 'file.json'));
    const store = new Multistore(join(dir, 'multi.json'));
    const barePath = join(dir, 'bare.json');
    for (let i = 0; i < entries; i++) {
      await store.storage({ key: `k${i}` }).put(credentials);
      await barePut(barePath, `k${i}`, JSON.parse(credentials.toJson()));
    }
    const rows = [
      ['@oauth2/storage-file put', await timeIt(samples, () => file.put(credentials))],
      ['@oauth2/storage-file get', await timeIt(samples, () => file.get())],
      [
        `@oauth2/storage-multistore put (${entries} entries)`,
        await timeIt(samples, (i) => store.storage({ key: `k${i % entries}` }).put(credentials)),
      ],
      [
        `@oauth2/storage-multistore get (${entries} entries)`,
        await timeIt(samples, (i) => store.storage({ key: `k${i % entries}` }).get()),
      ],
      [
        `bare proper-lockfile RMW put (${entries} entries)`,
        await timeIt(samples, (i) =>
          barePut(barePath, `k${i % entries}`, JSON.parse(credentials.toJson())),
        ),
      ],
      [
        `bare proper-lockfile get (${entries} entries)`,
        await timeIt(samples, (i) => bareGet(barePath, `k${i % entries}`)),
      ],
    ];
    console.log(`\nUncontended latency, ${samples} samples each (ms)\n`);
    console.log('| operation | p50 | p95 | p99 |\n| --- | ---: | ---: | ---: |');
    for (const [name, t] of rows)
      console.log(`| ${name} | ${fmt(t.p50)} | ${fmt(t.p95)} | ${fmt(t.p99)} |`);

    const puts = Number(values.puts);
    console.log(`\nContention: N processes × ${puts} puts of distinct keys into one file\n`);
    console.log(
      '| processes × puts | implementation | entries present | wall (s) | puts/s | worst put (ms) |',
    );
    console.log('| --- | --- | ---: | ---: | ---: | ---: |');
    const rounds = Number(values.rounds);
    const ratios = [];
    for (const procs of values.procs.split(',').map(Number)) {
      for (let round = 0; round < rounds; round++) {
        // Alternate which goes first, so that neither always runs on a warmer machine.
        const kinds = round % 2 === 0 ? ['multistore', 'bare'] : ['bare', 'multistore'];
        const results = {};
        for (const kind of kinds) {
          const r = await contention(kind, procs, puts, dir, round);
          results[kind] = r;
          const name =
            kind === 'multistore' ? '@oauth2/storage-multistore' : 'bare proper-lockfile RMW';
          console.log(
            `| ${procs} × ${puts}${rounds > 1 ? ` (round ${round + 1})` : ''} | ${name} | ${r.present}/${procs * puts} | ${(r.wall / 1000).toFixed(1)} | ${((procs * puts) / (r.wall / 1000)).toFixed(0)} | ${r.worst.toFixed(0)} |`,
          );
        }
        ratios.push({
          procs,
          throughput: results.bare.wall / results.multistore.wall,
          worst: results.multistore.worst / results.bare.worst,
        });
      }
    }
    console.log(
      '\n| processes | round | throughput, ours ÷ bare (target ≥ 0.9) | worst put, ours ÷ bare (target ≤ 1.5) |',
    );
    console.log('| ---: | ---: | ---: | ---: |');
    for (const [i, r] of ratios.entries()) {
      console.log(
        `| ${r.procs} | ${(i % rounds) + 1} | ${r.throughput.toFixed(2)} | ${r.worst.toFixed(2)} |`,
      );
    }
    for (const procs of new Set(ratios.map((r) => r.procs))) {
      const mine = ratios.filter((r) => r.procs === procs);
      const median = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
      console.log(
        `| ${procs} | median | ${median(mine.map((r) => r.throughput)).toFixed(2)} | ${median(mine.map((r) => r.worst)).toFixed(2)} |`,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

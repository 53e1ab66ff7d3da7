// @oauth2/storage-postgres latency next to raw `pg` statements on the same server in the same
// run (ratio), and the cross-process refresh stampede's wall time.
//
// Build first:  for p in core storage-postgres; do (cd packages/$p && pnpm exec tsc -p tsconfig.build.json); done
//               (cd tooling/test-kit && pnpm exec tsc -p tsconfig.build.json)
// Run:          node bench/postgres.mjs [--samples 1000] [--procs 8] [--calls 125] [--rounds 3]
import { fork } from 'node:child_process';
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { OAuth2Credentials } from '@oauth2/core';
import { PostgresStore } from '@oauth2/storage-postgres';
import pg from 'pg';
// Not the test kit's index: it imports vitest.
import { startPostgres } from '../tooling/test-kit/dist/postgres-server.js';

const { values } = parseArgs({
  options: {
    samples: { type: 'string', default: '1000' },
    procs: { type: 'string', default: '8' },
    calls: { type: 'string', default: '125' },
    rounds: { type: 'string', default: '3' },
    worker: { type: 'string' },
  },
});

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

const credentialsFor = (tokenUri, expired = false) =>
  new OAuth2Credentials({
    accessToken: `ya29.${'a'.repeat(120)}`,
    clientId: 'client-id.apps.example',
    clientSecret: 'x'.repeat(24),
    refreshToken: `1//${'r'.repeat(100)}`,
    tokenExpiry: new Date(Date.now() + (expired ? -3600_000 : 3600_000)),
    tokenUri,
    scopes: ['email', 'profile'],
  });

async function stampede(store, url, procs, calls) {
  let requests = 0;
  const server = createServer((req, res) => {
    requests++;
    req.resume();
    setTimeout(() => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ access_token: `ya29.fresh-${requests}`, expires_in: 3600 }));
    }, 50);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const tokenUri = `http://127.0.0.1:${server.address().port}/token`;
  await store.storage('shared').put(credentialsFor(tokenUri, true));
  const self = fileURLToPath(import.meta.url);
  const children = Array.from({ length: procs }, () =>
    fork(self, ['--worker', JSON.stringify({ url, calls })], {
      env: { ...process.env, NODE_EXTRA_CA_CERTS: '' },
    }),
  );
  await Promise.all(children.map((c) => new Promise((resolve) => c.once('message', resolve))));
  const done = children.map((c) => new Promise((resolve) => c.once('message', resolve)));
  const started = performance.now();
  for (const c of children) c.send('go');
  const results = await Promise.all(done);
  const wallMs = performance.now() - started;
  server.close();
  return { wallMs, requests, distinct: Math.max(...results.map((r) => r.distinct)) };
}

async function main() {
  const samples = Number(values.samples);
  const server = await startPostgres();
  const pool = new pg.Pool({ connectionString: server.connectionString, max: 10 });
  pool.on('error', () => {});
  try {
    const store = new PostgresStore(pool);
    await store.createTable();
    const storage = store.storage('bench');
    const credentials = credentialsFor('https://oauth2.example/token');
    const json = credentials.toJson();
    await storage.put(credentials);
    const raw = {
      select: () =>
        pool.query('SELECT credentials::text AS value FROM oauth2_credentials WHERE key = $1', [
          'raw',
        ]),
      upsert: () =>
        pool.query(
          'INSERT INTO oauth2_credentials (key, credentials, updated_at) VALUES ($1, $2, now()) ' +
            'ON CONFLICT (key) DO UPDATE SET credentials = excluded.credentials, updated_at = now()',
          ['raw', json],
        ),
    };
    await raw.upsert();

    // Interleaved: each sample runs every operation once, in a rotating order, so load from
    // anything else on the machine falls on all of them alike.
    const ops = [
      ['raw pg SELECT', raw.select],
      ['storage.get() (lock + SELECT + unlock)', () => storage.get()],
      ['raw pg UPSERT', raw.upsert],
      ['storage.put() (lock + upsert + unlock)', () => storage.put(credentials)],
      [
        'withLock(lockedGet + lockedPut) (a refresh minus HTTP)',
        () =>
          storage.withLock(async () => {
            await storage.lockedGet();
            await storage.lockedPut(credentials);
          }),
      ],
    ];
    const times = ops.map(() => []);
    for (let i = 0; i < samples + 50; i++) {
      for (let j = 0; j < ops.length; j++) {
        const k = (i + j) % ops.length;
        const started = performance.now();
        await ops[k][1]();
        if (i >= 50) times[k].push(performance.now() - started); // 50 warm-up rounds
      }
    }
    const rows = ops.map(([name], k) => {
      const sorted = times[k].sort((a, b) => a - b);
      return {
        name,
        p50: percentile(sorted, 50),
        p95: percentile(sorted, 95),
        p99: percentile(sorted, 99),
      };
    });
    const p50 = (n) => rows.find((r) => r.name.startsWith(n))?.p50;
    const fmt = (x) => x.toFixed(3);
    console.log(
      `\nPostgreSQL ${(await pool.query('SHOW server_version')).rows[0].server_version}, loopback TCP, fsync off; ` +
        `${samples} samples per operation, interleaved (ms)\n`,
    );
    console.log(
      '| operation | p50 | p95 | p99 | × raw (p50) |\n| --- | ---: | ---: | ---: | ---: |',
    );
    for (const row of rows) {
      const base =
        row.name.includes('get') || row.name.includes('SELECT')
          ? p50('raw pg SELECT')
          : p50('raw pg UPSERT');
      console.log(
        `| ${row.name} | ${fmt(row.p50)} | ${fmt(row.p95)} | ${fmt(row.p99)} | ${(row.p50 / base).toFixed(2)} |`,
      );
    }

    const procs = Number(values.procs);
    const calls = Number(values.calls);
    console.log(
      `\nStampede: ${procs} processes × ${calls} getAccessToken() on one expired credential, token endpoint answers after 50 ms\n`,
    );
    console.log(
      '| round | token requests | distinct tokens | wall from go (ms) |\n| --- | ---: | ---: | ---: |',
    );
    for (let r = 1; r <= Number(values.rounds); r++) {
      const s = await stampede(store, server.connectionString, procs, calls);
      console.log(`| ${r} | ${s.requests} | ${s.distinct} | ${s.wallMs.toFixed(0)} |`);
    }
  } finally {
    await pool.end();
    await server.stop();
  }
}

// ---- stampede worker: load the shared credential, wait for go, call getAccessToken() N times ----
if (values.worker) {
  const { url, calls } = JSON.parse(values.worker);
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  pool.on('error', () => {});
  const credentials = await new PostgresStore(pool).storage('shared').get();
  process.send('ready');
  await new Promise((resolve) => process.once('message', resolve));
  const tokens = await Promise.all(
    Array.from({ length: calls }, () => credentials.getAccessToken().then((t) => t.accessToken)),
  );
  await pool.end();
  process.send({ distinct: new Set(tokens).size }, () => process.exit(0));
} else {
  await main();
}

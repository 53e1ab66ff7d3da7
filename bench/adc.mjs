// Cold start of a whole process that prints an access token from an `authorized_user` ADC file
// (GOOGLE_APPLICATION_CREDENTIALS) against a loopback token server: @oauth2/adc next to
// google-auth-library's GoogleAuth, in one run on one machine, runs interleaved.
// Imports the BUILT packages:
//   for p in core crypt gce devshell adc; do (cd packages/$p && pnpm exec tsc -p tsconfig.build.json); done
//   node bench/adc.mjs          # prints a markdown table; BENCH_RUNS (default 15) tunes it
//
// Each child runs with NODE_EXTRA_CA_CERTS unset (this machine exports it; it adds ~50 ms to
// every Node start and is not what users have). Times are measured by this process from spawn:
// until the token line arrives on the child's stdout, and until the child exits (what a shell
// script waits for). Memory is the child's own peak RSS (getrusage ru_maxrss, read at exit).
// The token server keeps connections alive (Node's default 5 s), as real servers do.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const here = dirname(fileURLToPath(import.meta.url));
const TOKEN = 'ya29.bench-token';

for (const p of ['core', 'crypt', 'gce', 'devshell', 'adc']) {
  if (!existsSync(join(here, '..', 'packages', p, 'dist', 'index.js'))) {
    console.error(
      `packages/${p}/dist is missing: build it first (see the header of bench/adc.mjs).`,
    );
    process.exit(1);
  }
}

// Reports peak RSS and the process's own CPU time (user + system) at exit without keeping the
// process alive. On a loaded machine the CPU time is the steadier estimate of idle wall time.
const RSS = `process.on('exit', () => { const u = process.resourceUsage(); process.stderr.write('BENCH_RSS=' + u.maxRSS + ' BENCH_CPU=' + (u.userCPUTime + u.systemCPUTime) + '\\n'); });`;

// The reference: a ~20-line script doing the same over node:http by hand (read the ADC file,
// POST the refresh grant, parse, print), with no library at all.
const RAW = `${RSS}
import http from 'node:http';
import https from 'node:https';
import { readFile } from 'node:fs/promises';
const file = JSON.parse(await readFile(process.env.GOOGLE_APPLICATION_CREDENTIALS, 'utf8'));
const body = new URLSearchParams({
  grant_type: 'refresh_token', client_id: file.client_id,
  client_secret: file.client_secret, refresh_token: file.refresh_token,
}).toString();
const url = new URL(file.token_uri ?? 'https://oauth2.googleapis.com/token');
const token = await new Promise((resolve, reject) => {
  const req = (url.protocol === 'https:' ? https : http).request(url, { method: 'POST', headers: {
    'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body) } }, (res) => {
    let text = '';
    res.setEncoding('utf8').on('data', (c) => (text += c)).on('end', () => resolve(JSON.parse(text).access_token));
  });
  req.on('error', reject);
  req.end(body);
});
console.log(token);`;

const GAL = `${RSS}
import { GoogleAuth } from 'google-auth-library';
const auth = new GoogleAuth({ clientOptions: { endpoints: { oauth2TokenUrl: process.env.BENCH_TOKEN_URL } } });
const client = await auth.getClient();
console.log((await client.getAccessToken()).token);`;

const VARIANTS = [
  { name: 'node -e 0 (baseline: an empty process)', code: `${RSS}`, expectToken: false },
  { name: 'reference: ~20-line node:http script, no library', code: RAW, reference: true },
  {
    // No fetch given: on Node the library's own requests default to node:http (global agents).
    name: '@oauth2/adc, default transport (the README set-up)',
    code: `${RSS}
import { getApplicationDefault } from '@oauth2/adc';
const credentials = await getApplicationDefault();
console.log((await credentials.getAccessToken()).accessToken);`,
    ours: true,
  },
  {
    name: '@oauth2/adc + createNodeFetch()',
    code: `${RSS}
import { getApplicationDefault } from '@oauth2/adc';
import { createNodeFetch } from '@oauth2/core/node';
const credentials = await getApplicationDefault({ fetch: createNodeFetch() });
console.log((await credentials.getAccessToken()).accessToken);`,
  },
  {
    name: '@oauth2/adc + the global fetch (fetch: globalThis.fetch; undici)',
    code: `${RSS}
import { getApplicationDefault } from '@oauth2/adc';
const credentials = await getApplicationDefault({ fetch: globalThis.fetch });
console.log((await credentials.getAccessToken()).accessToken);`,
    globalFetch: true,
  },
  {
    name: 'google-auth-library 11.3.4 GoogleAuth',
    code: GAL,
  },
  {
    // getClient() also discovers the project id (gcloud, then the metadata server) unless told.
    name: 'google-auth-library 11.3.4 GoogleAuth, GOOGLE_CLOUD_PROJECT set',
    code: GAL,
    env: { GOOGLE_CLOUD_PROJECT: 'bench-project' },
    peer: true,
  },
];

// BENCH_BASELINE_DIR: the bench/ directory of an older checkout (built), to add a "before" row.
if (process.env.BENCH_BASELINE_DIR) {
  // Before, no fetch meant the global fetch; the README set-up passed createNodeFetch().
  const dflt = VARIANTS.find((v) => v.ours);
  VARIANTS.push({
    ...dflt,
    name: 'before: @oauth2/adc, default transport (then the global fetch)',
    ours: false,
    cwd: process.env.BENCH_BASELINE_DIR,
  });
  const node = VARIANTS.find((v) => v.name === '@oauth2/adc + createNodeFetch()');
  VARIANTS.push({
    ...node,
    name: 'before: @oauth2/adc + createNodeFetch() (then the README set-up)',
    cwd: process.env.BENCH_BASELINE_DIR,
  });
}

const server = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    tokenRequests++;
    res
      .writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify({ access_token: TOKEN, expires_in: 3599, token_type: 'Bearer' }));
  });
});
let tokenRequests = 0;
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const tokenUrl = `http://127.0.0.1:${server.address().port}/token`;

const dir = await mkdtemp(join(tmpdir(), 'bench-adc-'));
const adcFile = join(dir, 'adc.json');
await writeFile(
  adcFile,
  JSON.stringify({
    type: 'authorized_user',
    client_id: 'bench-client',
    client_secret: 'bench-secret',
    refresh_token: 'bench-refresh',
    token_uri: tokenUrl, // @oauth2/adc honours it; GoogleAuth gets the URL through clientOptions
  }),
);

const env = {
  ...process.env,
  GOOGLE_APPLICATION_CREDENTIALS: adcFile,
  BENCH_TOKEN_URL: tokenUrl,
  HOME: dir,
  NO_GCE_CHECK: 'True',
};
delete env.NODE_EXTRA_CA_CERTS;

function runOnce(variant) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, ['--input-type=module', '-e', variant.code], {
      cwd: variant.cwd ?? here,
      env: { ...env, ...variant.env },
    });
    let out = '';
    let err = '';
    let printed = Number.NaN;
    child.stdout.on('data', (c) => {
      out += c;
      if (Number.isNaN(printed) && out.includes('\n')) printed = performance.now() - started;
    });
    child.stderr.on('data', (c) => (err += c));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - started;
      const rss = Number(/BENCH_RSS=(\d+)/.exec(err)?.[1] ?? Number.NaN) / 1024;
      const cpu = Number(/BENCH_CPU=(\d+)/.exec(err)?.[1] ?? Number.NaN) / 1000;
      if (code !== 0 || (variant.expectToken !== false && out.trim() !== TOKEN)) {
        reject(new Error(`${variant.name} failed (exit ${code}): ${err.slice(0, 400)}`));
      } else resolve({ ms, rss, cpu, printed });
    });
  });
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};
const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)];
};

const loadBefore = loadavg()[0];
const results = VARIANTS.map(() => ({ ms: [], rss: [], cpu: [], printed: [] }));
for (const v of VARIANTS) await runOnce(v); // warm the file cache once
for (let round = 0; round < RUNS; round++) {
  for (let i = 0; i < VARIANTS.length; i++) {
    const r = await runOnce(VARIANTS[i]);
    results[i].ms.push(r.ms);
    results[i].rss.push(r.rss);
    results[i].printed.push(r.printed);
    results[i].cpu.push(r.cpu);
  }
}
const loadAfter = loadavg()[0];
server.close();
await rm(dir, { recursive: true, force: true });

console.log(
  `Node ${process.version}, ${RUNS} runs each (interleaved), NODE_EXTRA_CA_CERTS unset in the children, 1-min load average ${loadBefore.toFixed(1)} -> ${loadAfter.toFixed(1)}.\n`,
);
console.log(
  '| process | token printed (median) | exit (median) | exit (p90) | CPU (median) | peak RSS (median) |',
);
console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
VARIANTS.forEach((v, i) => {
  const { ms, rss, cpu, printed } = results[i];
  const shown = v.expectToken === false ? 'n/a' : `${median(printed).toFixed(0)} ms`;
  console.log(
    `| ${v.name} | ${shown} | ${median(ms).toFixed(0)} ms | ${pct(ms, 0.9).toFixed(0)} ms | ${median(cpu).toFixed(0)} ms | ${median(rss).toFixed(1)} MiB |`,
  );
});
const exitOf = (pick) => median(results[VARIANTS.findIndex(pick)].ms);
const ours = exitOf((v) => v.ours);
const reference = exitOf((v) => v.reference);
const peer = exitOf((v) => v.peer);
const rss = median(results[VARIANTS.findIndex((v) => v.ours)].rss);
console.log('\n| target | measured | met |');
console.log('| --- | ---: | :---: |');
const row = (what, value, ok) => console.log(`| ${what} | ${value} | ${ok ? 'yes' : '**no**'} |`);
row(
  'README set-up exits within 1.3× of the node:http script',
  `${(ours / reference).toFixed(2)}×`,
  ours / reference <= 1.3,
);
row(
  'README set-up ≥ 1.5× faster than google-auth-library (project set)',
  `${(peer / ours).toFixed(2)}×`,
  peer / ours >= 1.5,
);
row('README set-up peak RSS ≤ 45 MiB', `${rss.toFixed(1)} MiB`, rss <= 45);
const cpuOf = (pick) => median(results[VARIANTS.findIndex(pick)].cpu);
const cpuRatio = cpuOf((v) => v.ours) / cpuOf((v) => v.reference);
console.log(
  `\n(CPU time, steadier on a loaded machine: README set-up ${cpuRatio.toFixed(2)}× the node:http script's, ${(cpuOf((v) => v.peer) / cpuOf((v) => v.ours)).toFixed(2)}× less than google-auth-library's.)`,
);
const global = exitOf((v) => v.globalFetch);
console.log(
  `\n(with the global fetch: ${(global / reference).toFixed(2)}× the node:http script, ${(peer / global).toFixed(2)}× faster than google-auth-library; ${tokenRequests} token requests served.)`,
);

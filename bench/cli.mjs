// Whole-process time of `oauth2 print-access-token`, the command scripts run in $(...): from
// spawn to exit, interleaved round by round in one run, next to `node -e 0`, a ~20-line
// node:http script that posts a refresh and prints the token (the floor), google-auth-library
// doing the same refresh, and `gcloud auth print-access-token` when gcloud is installed.
// Runs the BUILT command: `pnpm exec turbo run build --filter @oauth2/cli...` first.
//   node bench/cli.mjs          # BENCH_RUNS (default 15)
//
// Children run with NODE_EXTRA_CA_CERTS unset (this machine exports it; ~50 ms per Node start)
// and an empty HOME. Peak RSS is measured by /usr/bin/time (%M) around every child alike.
// gcloud cannot refresh against a loopback server offline (its refresh tokens live in a
// credential database that only an online login fills), so it is measured on its valid-token
// path: CLOUDSDK_AUTH_ACCESS_TOKEN_FILE, which prints a token without any network.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const here = dirname(fileURLToPath(import.meta.url));
const BIN = join(here, '..', 'packages', 'cli', 'dist', 'bin.js');
const TOKEN = 'ya29.bench-token';
if (!existsSync(BIN)) {
  console.error('packages/cli/dist is missing: pnpm exec turbo run build --filter @oauth2/cli...');
  process.exit(1);
}
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
const hasGcloud = spawnSync('sh', ['-c', 'command -v gcloud']).status === 0;

let tokenRequests = 0;
const server = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    tokenRequests++;
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ access_token: TOKEN, expires_in: 3600, token_type: 'Bearer' }));
  });
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const tokenUrl = `http://127.0.0.1:${server.address().port}/token`;

const dir = await mkdtemp(join(tmpdir(), 'bench-cli-'));
const credential = (expiry) =>
  JSON.stringify({
    _module: 'oauth2client.client',
    _class: 'OAuth2Credentials',
    access_token: expiry > Date.now() ? TOKEN : 'expired-token',
    client_id: 'bench-client',
    client_secret: 'bench-secret',
    refresh_token: 'bench-refresh',
    token_expiry: new Date(expiry).toISOString().replace(/\.\d+Z$/, 'Z'),
    token_uri: tokenUrl,
    user_agent: null,
    revoke_uri: null,
    id_token: null,
    token_response: { expires_in: 3600 },
    scopes: [],
    invalid: false,
  });
const valid = join(dir, 'valid.json');
const expired = join(dir, 'expired.json');
await writeFile(valid, credential(Date.now() + 3_600_000), { mode: 0o600 });
await writeFile(join(dir, 'gcloud-token'), TOKEN);

const FLOOR = `
import http from 'node:http';
const body = new URLSearchParams({ grant_type: 'refresh_token', client_id: 'bench-client',
  client_secret: 'bench-secret', refresh_token: 'bench-refresh' }).toString();
const req = http.request(process.env.BENCH_TOKEN_URL, { method: 'POST', headers: {
  'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body) } },
  (res) => {
    let text = '';
    res.setEncoding('utf8');
    res.on('data', (c) => (text += c));
    res.on('end', () => {
      if (res.statusCode !== 200) process.exit(1);
      process.stdout.write(JSON.parse(text).access_token + '\\n');
    });
  });
req.on('error', () => process.exit(1));
req.end(body);`;

const GAL = `
import { OAuth2Client } from 'google-auth-library';
const client = new OAuth2Client({ clientId: 'bench-client', clientSecret: 'bench-secret',
  endpoints: { oauth2TokenUrl: process.env.BENCH_TOKEN_URL } });
client.setCredentials({ refresh_token: 'bench-refresh' });
const { token } = await client.getAccessToken();
process.stdout.write(token + '\\n');`;

const node = (args, extra = {}) => ({ cmd: process.execPath, args, ...extra });
const VARIANTS = [
  { name: 'node -e 0', ...node(['-e', '0']), expectToken: false },
  {
    name: 'oauth2 print-access-token, valid stored token',
    ...node([BIN, 'token', '--store', 'file', '--store-path', valid]),
  },
  ...(hasGcloud
    ? [
        {
          name: 'gcloud auth print-access-token (token file, no refresh)',
          cmd: 'gcloud',
          args: ['auth', 'print-access-token'],
          env: {
            CLOUDSDK_AUTH_ACCESS_TOKEN_FILE: join(dir, 'gcloud-token'),
            CLOUDSDK_CONFIG: join(dir, 'gcloud'),
            CLOUDSDK_CORE_DISABLE_PROMPTS: '1',
          },
        },
      ]
    : []),
  {
    name: 'floor: node:http refresh script (20 lines)',
    ...node(['--input-type=module', '-e', FLOOR]),
  },
  {
    name: 'oauth2 print-access-token, refresh',
    ...node([BIN, 'token', '--store', 'file', '--store-path', expired]),
    before: () => writeFile(expired, credential(Date.now() - 60_000), { mode: 0o600 }),
  },
  { name: 'google-auth-library OAuth2Client refresh', ...node(['--input-type=module', '-e', GAL]) },
];

const env = { ...process.env, HOME: dir, BENCH_TOKEN_URL: tokenUrl, NO_COLOR: '1' };
delete env.NODE_EXTRA_CA_CERTS;

function runOnce(v) {
  return new Promise((resolve, reject) => {
    const [cmd, args] = TIME
      ? [TIME, ['-f', 'BENCH_RSS=%M BENCH_CPU=%U %S', v.cmd, ...v.args]]
      : [v.cmd, v.args];
    const started = performance.now();
    const child = spawn(cmd, args, { cwd: here, env: { ...env, ...v.env } });
    let out = '';
    let err = '';
    child.stdout.on('data', (c) => (out += c));
    child.stderr.on('data', (c) => (err += c));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - started;
      const rss = Number(/BENCH_RSS=(\d+)/.exec(err)?.[1] ?? Number.NaN) / 1024;
      const cpu = /BENCH_CPU=([\d.]+) ([\d.]+)/.exec(err);
      const cpuMs = cpu ? (Number(cpu[1]) + Number(cpu[2])) * 1000 : Number.NaN;
      if (code !== 0 || (v.expectToken !== false && out.trim() !== TOKEN)) {
        reject(new Error(`${v.name} failed (exit ${code}): ${err.slice(0, 400)}`));
      } else resolve({ ms, rss, cpuMs });
    });
  });
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const pct = (xs, p) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil(p * xs.length) - 1)];

const loadBefore = loadavg()[0];
const results = VARIANTS.map(() => ({ ms: [], rss: [], cpu: [] }));
for (const v of VARIANTS) {
  await v.before?.();
  await runOnce(v); // warm the file cache
}
for (let round = 0; round < RUNS; round++) {
  for (let i = 0; i < VARIANTS.length; i++) {
    await VARIANTS[i].before?.();
    const r = await runOnce(VARIANTS[i]);
    results[i].ms.push(r.ms);
    results[i].rss.push(r.rss);
    results[i].cpu.push(r.cpuMs);
  }
}
const loadAfter = loadavg()[0];
server.close();
await rm(dir, { recursive: true, force: true });

const m = (name) => median(results[VARIANTS.findIndex((v) => v.name.startsWith(name))].ms);
console.log(
  `Node ${process.version}, ${RUNS} runs each (interleaved), NODE_EXTRA_CA_CERTS unset, 1-min load average ${loadBefore.toFixed(1)} -> ${loadAfter.toFixed(1)}.\n`,
);
console.log('| process | exit (median) | exit (p90) | CPU user+sys (median) | peak RSS (median) |');
console.log('| --- | ---: | ---: | ---: | ---: |');
VARIANTS.forEach((v, i) => {
  const { ms, rss, cpu } = results[i];
  console.log(
    `| ${v.name} | ${median(ms).toFixed(0)} ms | ${pct(ms, 0.9).toFixed(0)} ms | ${median(cpu).toFixed(0)} ms | ${median(rss).toFixed(1)} MiB |`,
  );
});
const c = (name) => median(results[VARIANTS.findIndex((v) => v.name.startsWith(name))].cpu);
console.log(
  `\nvalid token: node -e 0 + ${(m('oauth2 print-access-token, valid') - m('node -e 0')).toFixed(0)} ms wall, + ${(c('oauth2 print-access-token, valid') - c('node -e 0')).toFixed(0)} ms CPU (target <= +40 ms)` +
    `\nrefresh: ${(m('oauth2 print-access-token, refresh') / m('floor')).toFixed(2)}x the node:http floor (target <= 1.3x), ` +
    `${(m('google-auth-library') / m('oauth2 print-access-token, refresh')).toFixed(2)}x faster than google-auth-library (target >= 1.5x)` +
    `\n(${tokenRequests} token requests served.)`,
);

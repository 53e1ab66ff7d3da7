// @oauth2/express benchmarks (see README.md, "Express"):
// 1. protected-route throughput with a signed-in session, autocannon, 50 connections, each
//    server in its own process: bare express-session + a hand-written user check, @oauth2/express
//    required(), express-openid-connect requiresAuth(), passport's session + isAuthenticated().
// 2. callback overhead: a full /oauth2callback (code exchange against a loopback token endpoint,
//    ID-token verification with cached keys, session regeneration) minus the token endpoint's own
//    handling time.
import { fork } from 'node:child_process';
import { createPrivateKey, createPublicKey, randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startOidcProvider, testKeys } from '@oauth2/test-kit';
import autocannon from 'autocannon';
import { SignJWT } from 'jose';

const here = dirname(fileURLToPath(import.meta.url));
const DURATION = Number(process.env.BENCH_DURATION ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const LOGINS = Number(process.env.BENCH_LOGINS ?? 200);

function freePort() {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** A browser played by hand: cookies kept, redirects not followed. */
function jar() {
  const cookies = new Map();
  return {
    cookies,
    header: () => [...cookies].map(([k, v]) => `${k}=${v}`).join('; '),
    async get(url) {
      const res = await fetch(url, { redirect: 'manual', headers: { cookie: this.header() } });
      for (const line of res.headers.getSetCookie()) {
        const [pair] = line.split(';');
        const eq = pair.indexOf('=');
        cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
      }
      await res.arrayBuffer();
      return res;
    },
  };
}

/** The server process's CPU time so far, in ms (user + system). */
function cpuOf(child) {
  return new Promise((resolve) => {
    child.once('message', (m) => resolve((m.cpu.user + m.cpu.system) / 1000));
    child.send('cpu');
  });
}

async function startServer(variant, config) {
  const child = fork(join(here, 'express-server.mjs'), [variant], {
    env: { ...process.env, OAUTH2_BENCH_CONFIG: JSON.stringify(config) },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    execArgv: process.env.BENCH_CPU_PROF
      ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`]
      : [],
  });
  await new Promise((resolve, reject) => {
    child.once('message', resolve);
    child.once('exit', (code) => reject(new Error(`${variant} server exited with ${code}`)));
  });
  return child;
}

async function signedInCookie(variant, base, op) {
  const browser = jar();
  if (variant === 'bare' || variant === 'passport') {
    await browser.get(`${base}/bench-login`);
  } else {
    const start =
      variant === 'eoc' ? `${base}/login` : `${base}/oauth2authorize?return_url=/protected`;
    const toProvider = await browser.get(start);
    const callback = await op.completeAuthorization(toProvider.headers.get('location'));
    const back = await browser.get(callback.href);
    if (back.status >= 400) throw new Error(`${variant}: callback answered ${back.status}`);
  }
  const check = await fetch(`${base}/protected`, {
    redirect: 'manual',
    headers: { cookie: browser.header() },
  });
  const text = await check.text();
  if (check.status !== 200 || !text.startsWith('hello ')) {
    throw new Error(`${variant}: the signed-in check answered ${check.status}`);
  }
  return browser.header();
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const pct = (xs, p) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))];

async function throughput() {
  const variants = ['bare', 'oauth2', 'eoc', 'passport'];
  const ports = Object.fromEntries(
    await Promise.all(variants.map(async (v) => [v, await freePort()])),
  );
  const clientSecret = randomBytes(16).toString('hex');
  const op = await startOidcProvider({
    clients: [
      {
        client_id: 'bench',
        client_secret: clientSecret,
        redirect_uris: [
          `http://127.0.0.1:${ports.oauth2}/oauth2callback`,
          `http://127.0.0.1:${ports.eoc}/callback`,
        ],
        token_endpoint_auth_method: 'client_secret_post',
      },
    ],
    claims: { email: 'bench@example.com', email_verified: true },
  });
  const results = Object.fromEntries(
    variants.map((v) => [v, { rps: [], p99: [], cpuUs: [], errors: 0 }]),
  );
  const servers = {};
  try {
    const cookies = {};
    for (const v of variants) {
      const base = `http://127.0.0.1:${ports[v]}`;
      try {
        servers[v] = await startServer(v, {
          port: ports[v],
          issuer: op.issuer,
          clientId: 'bench',
          clientSecret,
          baseUrl: base,
        });
        cookies[v] = await signedInCookie(v, base, op);
      } catch (err) {
        console.log(`${v}: skipped (${err.message})`);
        servers[v]?.kill();
        delete servers[v];
      }
    }
    const running = variants.filter((v) => cookies[v]);
    for (const v of running) {
      await autocannon({
        url: `http://127.0.0.1:${ports[v]}/protected`,
        connections: 50,
        duration: 1,
        headers: { cookie: cookies[v] },
      });
    }
    for (let round = 0; round < ROUNDS; round++) {
      const order = round % 2 === 0 ? running : [...running].reverse();
      for (const v of order) {
        const cpuBefore = await cpuOf(servers[v]);
        const r = await autocannon({
          url: `http://127.0.0.1:${ports[v]}/protected`,
          connections: 50,
          duration: DURATION,
          headers: { cookie: cookies[v] },
        });
        results[v].cpuUs.push((((await cpuOf(servers[v])) - cpuBefore) * 1000) / r.requests.total);
        results[v].rps.push(r.requests.average);
        results[v].p99.push(r.latency.p99);
        results[v].errors += r.non2xx + r.errors;
      }
    }
    const base = results.bare;
    console.log(
      `\nProtected route, signed in, autocannon 50 connections, ${DURATION} s x ${ROUNDS} rounds (median)\n`,
    );
    console.log(
      '| server | req/s | vs bare | p99 (ms) | p99 vs bare | server CPU per request (µs) | vs bare | non-2xx |',
    );
    console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
    for (const v of running) {
      const r = results[v];
      console.log(
        `| ${v} | ${median(r.rps).toFixed(0)} | ${(median(r.rps) / median(base.rps)).toFixed(2)} | ${median(r.p99)} | ${(median(r.p99) / median(base.p99)).toFixed(2)} | ${median(r.cpuUs).toFixed(0)} | ${(median(r.cpuUs) / median(base.cpuUs)).toFixed(2)} | ${r.errors} |`,
      );
    }
  } finally {
    for (const child of Object.values(servers)) child.kill();
    await op.close();
  }
}

async function callbackOverhead() {
  const { privateKeyPem } = testKeys;
  const key = createPrivateKey(privateKeyPem);
  const jwk = {
    ...createPublicKey(privateKeyPem).export({ format: 'jwk' }),
    kid: 'bench',
    alg: 'RS256',
    use: 'sig',
  };
  const nonces = new Map();
  const handling = [];
  const asPort = await freePort();
  const issuer = `http://127.0.0.1:${asPort}`;
  const as = createServer(async (req, res) => {
    const t0 = performance.now();
    const chunks = [];
    for await (const c of req) chunks.push(c);
    const url = new URL(req.url, issuer);
    const json = (status, body) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (url.pathname === '/.well-known/openid-configuration') {
      return json(200, {
        issuer,
        authorization_endpoint: `${issuer}/auth`,
        token_endpoint: `${issuer}/token`,
        jwks_uri: `${issuer}/jwks`,
        revocation_endpoint: `${issuer}/revoke`,
      });
    }
    if (url.pathname === '/jwks') return json(200, { keys: [jwk] });
    const form = new URLSearchParams(Buffer.concat(chunks).toString());
    const nonce = nonces.get(form.get('code'));
    const now = Math.floor(Date.now() / 1000);
    const idToken = await new SignJWT({ nonce, email: 'bench@example.com' })
      .setProtectedHeader({ alg: 'RS256', kid: 'bench' })
      .setIssuer(issuer)
      .setAudience('bench')
      .setSubject('bench-user')
      .setIssuedAt(now)
      .setExpirationTime(now + 3600)
      .sign(key);
    json(200, {
      access_token: randomBytes(24).toString('base64url'),
      refresh_token: randomBytes(24).toString('base64url'),
      token_type: 'Bearer',
      expires_in: 3600,
      scope: 'openid email',
      id_token: idToken,
    });
    handling.push(performance.now() - t0);
  });
  await new Promise((r) => as.listen(asPort, '127.0.0.1', r));
  const port = await freePort();
  const server = await startServer('oauth2-callback', {
    port,
    issuer,
    clientId: 'bench',
    clientSecret: 'bench-secret',
  });
  const base = `http://127.0.0.1:${port}`;
  const walls = [];
  const overheads = [];
  const callbackCpu = [];
  const cpu = () =>
    new Promise((resolve) => {
      server.once('message', (m) => resolve((m.cpu.user + m.cpu.system) / 1000));
      server.send('cpu');
    });
  let cpuPerLogin;
  try {
    let cpuStart;
    for (let i = 0; i < LOGINS + 20; i++) {
      if (i === 20) cpuStart = await cpu();
      const browser = jar();
      const toProvider = await browser.get(`${base}/oauth2authorize?return_url=/protected`);
      const providerUrl = new URL(toProvider.headers.get('location'));
      const code = randomBytes(16).toString('base64url');
      nonces.set(code, providerUrl.searchParams.get('nonce'));
      const before = handling.length;
      const cpu0 = i >= 20 ? await cpu() : 0;
      const t0 = performance.now();
      const back = await browser.get(
        `${base}/oauth2callback?code=${code}&state=${providerUrl.searchParams.get('state')}`,
      );
      const wall = performance.now() - t0;
      if (back.status !== 302 || back.headers.get('location') !== '/protected') {
        throw new Error(`callback answered ${back.status}`);
      }
      if (i < 20) continue; // warm-up (first discovery and certificate fetch included)
      callbackCpu.push((await cpu()) - cpu0);
      const tokenTime = handling.slice(before).reduce((a, b) => a + b, 0);
      walls.push(wall);
      overheads.push(wall - tokenTime);
    }
    cpuPerLogin = ((await cpu()) - cpuStart) / LOGINS;
  } finally {
    server.kill();
    as.close();
  }
  const fmt = (xs) => `${median(xs).toFixed(2)} / ${pct(xs, 0.95).toFixed(2)}`;
  console.log(`\nCallback (${LOGINS} sign-ins after 20 warm-up, sequential; median / p95, ms)\n`);
  console.log('| measure | ms |');
  console.log('| --- | --- |');
  console.log(`| whole callback, as the browser sees it | ${fmt(walls)} |`);
  console.log(
    `| token endpoint's own handling (incl. signing the ID token) | ${fmt(handling.slice(-LOGINS))} |`,
  );
  console.log(`| overhead = callback - token endpoint | ${fmt(overheads)} |`);
  console.log(
    `| app server CPU in the callback (its load-independent cost) | ${fmt(callbackCpu)} |`,
  );
  console.log(
    `| app server CPU per sign-in (authorize + callback), mean | ${cpuPerLogin.toFixed(2)} |`,
  );
}

const only = process.argv[2];
if (!only || only === 'throughput') await throughput();
if (!only || only === 'callback') await callbackOverhead();
console.log(`\nNode ${process.version}`);

// Refresh stampede (adversarial C1, c4): N concurrent "give me a token" calls on an expired
// credential against a loopback token endpoint that answers in 50 ms. Counts token requests and
// times the whole burst for @oauth2/core and google-auth-library in the same run.
//
// Build core first:  cd packages/core && pnpm exec tsc -p tsconfig.build.json
// Run:               node bench/refresh-stampede.mjs [--calls 1000] [--rounds 7] [--latency 50]
import { createServer } from 'node:http';
import { parseArgs } from 'node:util';
import { OAuth2Credentials } from '@oauth2/core';
import { OAuth2Client } from 'google-auth-library';

const { values } = parseArgs({
  options: {
    calls: { type: 'string', default: '1000' },
    rounds: { type: 'string', default: '7' },
    latency: { type: 'string', default: '50' },
  },
});
const CALLS = Number(values.calls);
const ROUNDS = Number(values.rounds);
const LATENCY = Number(values.latency);

let tokenRequests = 0;
const server = createServer((req, res) => {
  let body = '';
  req.on('data', (c) => (body += c));
  req.on('end', () => {
    if (req.method !== 'POST' || req.url !== '/token') {
      res.writeHead(404).end();
      return;
    }
    tokenRequests++;
    const n = tokenRequests;
    setTimeout(() => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ access_token: `at-${n}`, expires_in: 3600, token_type: 'Bearer' }));
    }, LATENCY);
  });
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const tokenUrl = `http://127.0.0.1:${server.address().port}/token`;
const past = () => Date.now() - 60_000;

const contenders = {
  '@oauth2/core': async () => {
    const c = new OAuth2Credentials({
      clientId: 'bench',
      clientSecret: 'bench-secret',
      refreshToken: 'bench-refresh',
      accessToken: 'stale',
      tokenExpiry: new Date(past()),
      tokenUri: tokenUrl,
    });
    const results = await Promise.all(Array.from({ length: CALLS }, () => c.getAccessToken()));
    return results.map((r) => r.accessToken);
  },
  'google-auth-library': async () => {
    const client = new OAuth2Client({
      clientId: 'bench',
      clientSecret: 'bench-secret',
      endpoints: { oauth2TokenUrl: tokenUrl },
    });
    client.setCredentials({
      refresh_token: 'bench-refresh',
      access_token: 'stale',
      expiry_date: past(),
    });
    const results = await Promise.all(Array.from({ length: CALLS }, () => client.getAccessToken()));
    return results.map((r) => r.token);
  },
};

const samples = Object.fromEntries(Object.keys(contenders).map((k) => [k, []]));
// Warm-up (connection set-up, JIT) is excluded from the numbers.
for (const run of Object.values(contenders)) await run();
for (let round = 0; round < ROUNDS; round++) {
  // Alternate the order so neither library always runs first.
  const names = Object.keys(contenders);
  if (round % 2) names.reverse();
  for (const name of names) {
    const before = tokenRequests;
    const started = performance.now();
    const tokens = await contenders[name]();
    const ms = performance.now() - started;
    samples[name].push({ ms, requests: tokenRequests - before, distinct: new Set(tokens).size });
  }
}
server.close();

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};
console.log(
  `refresh stampede: ${CALLS} concurrent calls, token endpoint latency ${LATENCY} ms, ${ROUNDS} rounds (median, [min-max])`,
);
console.log(`Node ${process.version}`);
const rows = Object.entries(samples).map(([name, s]) => ({
  library: name,
  'token requests / burst': `${median(s.map((x) => x.requests))} [${Math.min(...s.map((x) => x.requests))}-${Math.max(...s.map((x) => x.requests))}]`,
  'distinct tokens': median(s.map((x) => x.distinct)),
  'burst time ms': `${median(s.map((x) => x.ms)).toFixed(1)} [${Math.min(...s.map((x) => x.ms)).toFixed(1)}-${Math.max(...s.map((x) => x.ms)).toFixed(1)}]`,
  'overhead over AS ms': (median(s.map((x) => x.ms)) - LATENCY).toFixed(1),
}));
console.table(rows);

// JWT signing and verification throughput: @oauth2/crypt next to raw node:crypto, jose alone and
// google-auth-library, in one run on one machine. Imports the BUILT packages:
//   (cd packages/core && pnpm exec tsc -p tsconfig.build.json)
//   (cd packages/crypt && pnpm exec tsc -p tsconfig.build.json)
//   node bench/jwt.mjs            # prints a markdown table; BENCH_ROUND_MS / BENCH_ROUNDS tune it
//
// "raw" is node:crypto with a pre-parsed KeyObject on the bare signing input: the synchronous
// one-shot call for the sequential column, the callback form (libuv pool) for 8 in flight.

import crypto from 'node:crypto';
import http from 'node:http';
import { createRequire } from 'node:module';
import {
  IdTokenVerifier,
  KeySet,
  makeSignedJwt,
  Signer,
  verifySignedJwtWithCerts,
} from '@oauth2/crypt';
import { OAuth2Client } from 'google-auth-library';
import * as jose from 'jose';

const ROUND_MS = Number(process.env.BENCH_ROUND_MS ?? 150);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 15);
const IN_FLIGHT = 8;

// google-auth-library's JWT client builds its assertion with gtoken's getJwsSign (jws.sign with
// the PEM string); it is not exported, so load the file by path.
const require = createRequire(import.meta.url);
const galRoot = require.resolve('google-auth-library').replace(/build\/src\/index\.js$/, '');
const { getJwsSign } = require(`${galRoot}build/src/gtoken/jwsSign.js`);

// --- keys and tokens -----------------------------------------------------------------------------
const rsa = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
const ec = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });
const rsaPrivatePem = rsa.privateKey.export({ type: 'pkcs8', format: 'pem' });
const rsaPublicPem = rsa.publicKey.export({ type: 'spki', format: 'pem' });
const CLIENT = 'bench-client.apps.googleusercontent.com';
const now = Math.floor(Date.now() / 1000);
const idClaims = {
  iss: 'https://accounts.google.com',
  azp: CLIENT,
  aud: CLIENT,
  sub: '110169484474386276334',
  email: 'user@example.com',
  email_verified: true,
  iat: now,
  exp: now + 3600,
};
const rsSigner = Signer.fromKeyObject(rsa.privateKey);
const esSigner = Signer.fromKeyObject(ec.privateKey);
const rsToken = await makeSignedJwt(rsSigner, idClaims, { keyId: 'k1' });
const esToken = await makeSignedJwt(esSigner, idClaims, { keyId: 'e1' });
const pemCerts = { k1: rsaPublicPem };
const rsKeys = KeySet.from(pemCerts);
const esKeys = KeySet.from({ keys: [{ ...ec.publicKey.export({ format: 'jwk' }), kid: 'e1' }] });
const rsCryptoKey = await jose.importSPKI(rsaPublicPem, 'RS256');
const esCryptoKey = await jose.importSPKI(
  ec.publicKey.export({ type: 'spki', format: 'pem' }),
  'ES256',
);
const rsPrivateCryptoKey = await jose.importPKCS8(rsaPrivatePem, 'RS256');
const esPrivateCryptoKey = await jose.importPKCS8(
  ec.privateKey.export({ type: 'pkcs8', format: 'pem' }),
  'ES256',
);

const split = (jwt) => {
  const dot = jwt.lastIndexOf('.');
  return [Buffer.from(jwt.slice(0, dot)), Buffer.from(jwt.slice(dot + 1), 'base64url')];
};
const [rsInput, rsSig] = split(rsToken);
const [esInput, esSig] = split(esToken);
const esVerifyKey = { key: ec.publicKey, dsaEncoding: 'ieee-p1363' };
const esSignKey = { key: ec.privateKey, dsaEncoding: 'ieee-p1363' };
const cbVerify = (data, key, sig) =>
  new Promise((resolve, reject) =>
    crypto.verify('sha256', data, key, sig, (err, ok) =>
      err || !ok ? reject(err ?? new Error('bad')) : resolve(ok),
    ),
  );
const cbSign = (data, key) =>
  new Promise((resolve, reject) =>
    crypto.sign('sha256', data, key, (err, s) => (err ? reject(err) : resolve(s))),
  );

// Assertion payload as a service account sends it (spec §5.5).
const assertionClaims = () => {
  const iat = Math.floor(Date.now() / 1000);
  return {
    aud: 'https://oauth2.googleapis.com/token',
    scope: 'https://www.googleapis.com/auth/cloud-platform',
    iat,
    exp: iat + 3600,
    iss: 'sa@project.iam.gserviceaccount.com',
  };
};
const assertionInput = Buffer.from(rsToken.slice(0, rsToken.lastIndexOf('.')));

// --- a loopback certs endpoint for both verifyIdToken implementations ----------------------------
const server = http.createServer((_req, res) => {
  res.writeHead(200, {
    'content-type': 'application/json',
    'cache-control': 'public, max-age=3600',
  });
  res.end(JSON.stringify(pemCerts));
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const certsUrl = `http://127.0.0.1:${server.address().port}/certs`;
// Fresh verifications: FRESH distinct tokens used round-robin, against a verifier whose
// verified-token cache holds half as many, so every call misses (and pays the cache's hashing,
// insertion and eviction); the peers verify the same tokens. The cache-hit row repeats one token.
const FRESH = 64;
const freshTokens = [];
for (let i = 0; i < FRESH; i++) {
  freshTokens.push(
    await makeSignedJwt(rsSigner, { ...idClaims, sub: `user-${i}` }, { keyId: 'k1' }),
  );
}
let freshNext = 0;
const nextFresh = () => freshTokens[freshNext++ % FRESH];
const ourVerifier = new IdTokenVerifier({ url: certsUrl });
const missVerifier = new IdTokenVerifier({
  url: certsUrl,
  tokenCache: { maxEntries: FRESH / 2 },
});
const noCacheVerifier = new IdTokenVerifier({ url: certsUrl, tokenCache: false });
const gal = new OAuth2Client({ endpoints: { oauth2FederatedSignonPemCertsUrl: certsUrl } });
for (const v of [ourVerifier, missVerifier, noCacheVerifier]) await v.verify(rsToken, CLIENT); // warm
await gal.verifyIdToken({ idToken: rsToken, audience: CLIENT }); // warm

// --- harness -------------------------------------------------------------------------------------
// Other processes share this machine, so one long run per case is at the mercy of their bursts.
// Instead every case runs many short slices, round-robin with the other cases of its group, and
// ratios are taken slice by slice (a case against raw in the same round), then the median.
async function measure(fn, inFlight) {
  const end = performance.now() + ROUND_MS;
  let ops = 0;
  const worker = async () => {
    while (performance.now() < end) {
      await fn();
      ops++;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: inFlight }, worker));
  return (ops / (performance.now() - started)) * 1000;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

async function group(name, cases) {
  for (const c of cases) {
    for (let i = 0; i < 200; i++) await c.fn(); // warm up, and prove it works
    for (let i = 0; i < 200; i++) await (c.par ?? c.fn)();
  }
  const runs = cases.map(() => ({ seq: [], par: [] }));
  for (let r = 0; r < ROUNDS; r++) {
    // a fresh order every round, so that no case always follows the same neighbour
    const order = cases.map((c, i) => [Math.random(), i, c]).sort((a, b) => a[0] - b[0]);
    for (const [, i, c] of order) {
      runs[i].seq.push(await measure(c.seq ?? c.fn, 1));
      runs[i].par.push(await measure(c.par ?? c.fn, IN_FLIGHT));
    }
  }
  return { name, cases, runs };
}

/** Median over rounds of a/b measured in the same round. */
function ratio(g, a, b, mode) {
  return median(g.runs[a][mode].map((x, r) => x / g.runs[b][mode][r]));
}

const rawRs = {
  label: 'raw node:crypto',
  fn: () => crypto.verify('sha256', rsInput, rsa.publicKey, rsSig),
  par: () => cbVerify(rsInput, rsa.publicKey, rsSig),
};
const rawEs = {
  label: 'raw node:crypto',
  fn: () => crypto.verify('sha256', esInput, esVerifyKey, esSig),
  par: () => cbVerify(esInput, esVerifyKey, esSig),
};

const groups = [];
groups.push(
  await group('RS256 verify (JWT with a pre-parsed key, aud checked)', [
    rawRs,
    {
      label: 'jose jwtVerify',
      fn: () => jose.jwtVerify(rsToken, rsCryptoKey, { algorithms: ['RS256'], audience: CLIENT }),
    },
    {
      label: '@oauth2/crypt verifySignedJwtWithCerts (KeySet)',
      fn: () => verifySignedJwtWithCerts(rsToken, rsKeys, CLIENT),
    },
    {
      label: 'google-auth-library verifySignedJwtWithCertsAsync',
      fn: () =>
        gal.verifySignedJwtWithCertsAsync(rsToken, pemCerts, CLIENT, [
          'https://accounts.google.com',
        ]),
    },
  ]),
);
groups.push(
  await group('ES256 verify (JWT with a pre-parsed key, aud checked)', [
    rawEs,
    {
      label: 'jose jwtVerify',
      fn: () => jose.jwtVerify(esToken, esCryptoKey, { algorithms: ['ES256'], audience: CLIENT }),
    },
    {
      label: '@oauth2/crypt verifySignedJwtWithCerts (KeySet)',
      fn: () => verifySignedJwtWithCerts(esToken, esKeys, CLIENT, { algorithms: ['ES256'] }),
    },
  ]),
);
groups.push(
  await group('verifyIdToken, warm certs from a loopback endpoint (RS256)', [
    rawRs,
    {
      label: 'jose jwtVerify (iss + aud, no cert cache)',
      fn: () =>
        jose.jwtVerify(nextFresh(), rsCryptoKey, {
          algorithms: ['RS256'],
          audience: CLIENT,
          issuer: ['accounts.google.com', 'https://accounts.google.com'],
        }),
    },
    {
      label: '@oauth2/crypt IdTokenVerifier.verify, fresh tokens (cache misses)',
      fn: () => missVerifier.verify(nextFresh(), CLIENT),
    },
    {
      label: '@oauth2/crypt IdTokenVerifier.verify, tokenCache: false',
      fn: () => noCacheVerifier.verify(nextFresh(), CLIENT),
    },
    {
      label: '@oauth2/crypt IdTokenVerifier.verify, token seen before (cache hit)',
      fn: () => ourVerifier.verify(rsToken, CLIENT),
    },
    {
      label: 'google-auth-library OAuth2Client.verifyIdToken',
      fn: () => gal.verifyIdToken({ idToken: nextFresh(), audience: CLIENT }),
    },
  ]),
);
groups.push(
  await group('RS256 sign (service-account assertion)', [
    {
      label: 'raw node:crypto',
      fn: () => crypto.sign('sha256', assertionInput, rsa.privateKey),
      par: () => cbSign(assertionInput, rsa.privateKey),
    },
    {
      label: 'jose SignJWT',
      fn: () =>
        new jose.SignJWT(assertionClaims())
          .setProtectedHeader({ typ: 'JWT', alg: 'RS256', kid: 'k1' })
          .sign(rsPrivateCryptoKey),
    },
    {
      label: '@oauth2/crypt makeSignedJwt',
      fn: () => makeSignedJwt(rsSigner, assertionClaims(), { keyId: 'k1' }),
    },
    {
      label: 'google-auth-library JWT assertion (gtoken)',
      fn: async () =>
        getJwsSign({
          iss: 'sa@project.iam.gserviceaccount.com',
          scope: 'https://www.googleapis.com/auth/cloud-platform',
          key: rsaPrivatePem,
        }),
    },
  ]),
);
groups.push(
  await group('ES256 sign', [
    {
      label: 'raw node:crypto',
      fn: () => crypto.sign('sha256', assertionInput, esSignKey),
      par: () => cbSign(assertionInput, esSignKey),
    },
    {
      label: 'jose SignJWT',
      fn: () =>
        new jose.SignJWT(assertionClaims())
          .setProtectedHeader({ typ: 'JWT', alg: 'ES256' })
          .sign(esPrivateCryptoKey),
    },
    { label: '@oauth2/crypt makeSignedJwt', fn: () => makeSignedJwt(esSigner, assertionClaims()) },
  ]),
);
server.close();

// --- report --------------------------------------------------------------------------------------
const fmt = (n) => Math.round(n).toLocaleString('en-US');
const os = await import('node:os');
console.log(
  `Node ${process.version}, ${os.cpus().length} CPUs, load average ${os.loadavg()[0].toFixed(1)}; medians of ${ROUNDS} interleaved ${ROUND_MS} ms slices; ${IN_FLIGHT} in flight\n`,
);
for (const g of groups) {
  console.log(`### ${g.name}\n`);
  console.log('| implementation | sequential ops/s | × raw | 8 in flight ops/s | × raw |');
  console.log('| --- | ---: | ---: | ---: | ---: |');
  for (const [i, c] of g.cases.entries()) {
    const seq = median(g.runs[i].seq);
    const par = median(g.runs[i].par);
    console.log(
      `| ${c.label} | ${fmt(seq)} | ${ratio(g, i, 0, 'seq').toFixed(2)} | ${fmt(par)} | ${ratio(g, i, 0, 'par').toFixed(2)} |`,
    );
  }
  console.log('');
}
const idx = (g, prefix) => groups[g].cases.findIndex((c) => c.label.startsWith(prefix));
const r = (g, a, b, mode) => ratio(groups[g], idx(g, a), idx(g, b), mode);
const checks = [
  [
    'verifyIdToken, token seen before ≥ 10× a fresh one, sequential',
    r(
      2,
      '@oauth2/crypt IdTokenVerifier.verify, token seen',
      '@oauth2/crypt IdTokenVerifier.verify, fresh',
      'seq',
    ),
    10,
  ],
  [
    'verifyIdToken, token seen before ≥ 10× a fresh one, 8 in flight',
    r(
      2,
      '@oauth2/crypt IdTokenVerifier.verify, token seen',
      '@oauth2/crypt IdTokenVerifier.verify, fresh',
      'par',
    ),
    10,
  ],
  [
    'verifyIdToken fresh ≥ 0.9 of jose, sequential',
    r(2, '@oauth2/crypt IdTokenVerifier.verify, fresh', 'jose', 'seq'),
    0.9,
  ],
  [
    'verifyIdToken fresh ≥ 0.9 of jose, 8 in flight',
    r(2, '@oauth2/crypt IdTokenVerifier.verify, fresh', 'jose', 'par'),
    0.9,
  ],
  [
    'verifyIdToken fresh ≥ 1.9× google-auth-library, sequential',
    r(2, '@oauth2/crypt IdTokenVerifier.verify, fresh', 'google', 'seq'),
    1.9,
  ],
  [
    'verifyIdToken fresh ≥ 1.9× google-auth-library, 8 in flight',
    r(2, '@oauth2/crypt IdTokenVerifier.verify, fresh', 'google', 'par'),
    1.9,
  ],
  [
    'verifyIdToken fresh ≥ 0.8 of raw, 8 in flight (issue 6)',
    r(2, '@oauth2/crypt IdTokenVerifier.verify, fresh', 'raw', 'par'),
    0.8,
  ],
  ['assertion signing ≥ 2× google-auth-library, sequential', r(3, '@oauth2', 'google', 'seq'), 2],
  ['RS256 verify: ours ≥ 0.9 of jose, sequential', r(0, '@oauth2', 'jose', 'seq'), 0.9],
  ['ES256 verify: ours ≥ 0.9 of jose, sequential', r(1, '@oauth2', 'jose', 'seq'), 0.9],
  ['RS256 sign: ours ≥ 0.9 of jose, sequential', r(3, '@oauth2', 'jose', 'seq'), 0.9],
  ['ES256 sign: ours ≥ 0.9 of jose, sequential', r(4, '@oauth2', 'jose', 'seq'), 0.9],
];
console.log('| target | measured | met |\n| --- | ---: | :---: |');
for (const [label, value, target] of checks) {
  console.log(`| ${label} | ${value.toFixed(2)} | ${value >= target ? 'yes' : 'NO'} |`);
}

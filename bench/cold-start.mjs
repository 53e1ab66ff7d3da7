// Cold start: what importing each package adds to an empty Node process, in one interleaved run.
// Imports the BUILT packages:
//   for p in core crypt gce devshell adc; do (cd packages/$p && pnpm exec tsc -p tsconfig.build.json); done
//   node bench/cold-start.mjs        # BENCH_RUNS (default 21) rounds, markdown table on stdout
//
// Each child runs with NODE_EXTRA_CA_CERTS unset (this machine exports it; it adds ~50 ms to
// every Node start). Times are wall time from spawn to exit, measured by this process; the
// "added" column is the variant's median minus the median of `node -e 0` in the same run, and
// the per-round differences' median is shown too (both are noisy on a loaded machine).
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const RUNS = Number(process.env.BENCH_RUNS ?? 21);
const here = dirname(fileURLToPath(import.meta.url));

const dir = await mkdtemp(join(tmpdir(), 'bench-cold-'));
const adcFile = join(dir, 'adc.json');
await writeFile(
  adcFile,
  JSON.stringify({
    type: 'authorized_user',
    client_id: 'bench-client',
    client_secret: 'bench-secret',
    refresh_token: 'bench-refresh',
  }),
);

/** [name, code, target added ms or undefined] */
const VARIANTS = [
  ['node -e 0 (baseline)', '', undefined],
  ["import('@oauth2/core')", "await import('@oauth2/core');", 30],
  ["import('@oauth2/crypt')", "await import('@oauth2/crypt');", 60],
  [
    '@oauth2/adc: import + getApplicationDefault() (authorized_user file)',
    "const { getApplicationDefault } = await import('@oauth2/adc'); await getApplicationDefault();",
    40,
  ],
  [
    "import('@oauth2/core/node') (the node:http transport)",
    "await import('@oauth2/core/node');",
    undefined,
  ],
  ["import('google-auth-library')", "await import('google-auth-library');", undefined],
  ["import('jose')", "await import('jose');", undefined],
];

const env = {
  ...process.env,
  GOOGLE_APPLICATION_CREDENTIALS: adcFile,
  HOME: dir,
  NO_GCE_CHECK: 'True',
};
delete env.NODE_EXTRA_CA_CERTS;

function runOnce(code) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, ['--input-type=module', '-e', code], { cwd: here, env });
    let err = '';
    child.stderr.on('data', (c) => (err += c));
    child.on('error', reject);
    child.on('close', (status) => {
      if (status !== 0) reject(new Error(`${code} failed (exit ${status}): ${err.slice(0, 400)}`));
      else resolve(performance.now() - started);
    });
  });
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const loadBefore = loadavg()[0];
const times = VARIANTS.map(() => []);
for (const [, code] of VARIANTS) await runOnce(code); // warm the file cache
for (let round = 0; round < RUNS; round++) {
  // Rotate the order each round so no variant always follows the same one.
  for (let k = 0; k < VARIANTS.length; k++) {
    const i = (k + round) % VARIANTS.length;
    times[i].push(await runOnce(VARIANTS[i][1]));
  }
}
const loadAfter = loadavg()[0];
await rm(dir, { recursive: true, force: true });

console.log(
  `Node ${process.version}, ${RUNS} rounds (interleaved, order rotated), NODE_EXTRA_CA_CERTS unset, 1-min load average ${loadBefore.toFixed(1)} -> ${loadAfter.toFixed(1)}.\n`,
);
console.log(
  '| process | exit (median) | added over `node -e 0` | paired added (median) | target | met |',
);
console.log('| --- | ---: | ---: | ---: | ---: | :---: |');
const base = median(times[0]);
VARIANTS.forEach(([name, , target], i) => {
  const m = median(times[i]);
  const added = m - base;
  const paired = median(times[i].map((t, r) => t - times[0][r]));
  const met = target === undefined ? '' : added <= target ? 'yes' : '**no**';
  console.log(
    `| ${name} | ${m.toFixed(0)} ms | ${i === 0 ? 'n/a' : `${added.toFixed(0)} ms`} | ${i === 0 ? 'n/a' : `${paired.toFixed(0)} ms`} | ${target === undefined ? '' : `≤ ${target} ms`} | ${met} |`,
  );
});

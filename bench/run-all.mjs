// Runs every benchmark in turn (`pnpm bench`), after building the packages they import.
// Each script prints its own markdown table; see README.md for what they measure.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const only = process.argv.slice(2);
const benches = [
  'refresh-stampede.mjs',
  'jwt.mjs',
  'storage.mjs',
  'adc.mjs',
  'cold-start.mjs',
  'bundle-size.mjs',
  'redis.mjs',
  'postgres.mjs',
  'cli.mjs',
  'express.mjs',
].filter(
  (b) => existsSync(join(here, b)) && (only.length === 0 || only.some((o) => b.startsWith(o))),
);

const build = spawnSync('pnpm', ['exec', 'turbo', 'run', 'build', '--output-logs=errors-only'], {
  cwd: root,
  stdio: 'inherit',
});
if (build.status !== 0) process.exit(build.status ?? 1);

let failed = 0;
for (const bench of benches) {
  console.log(`\n## ${bench}\n`);
  const run = spawnSync(process.execPath, [join(here, bench)], { cwd: root, stdio: 'inherit' });
  if (run.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);

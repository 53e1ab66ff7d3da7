// Rewrites a package's tsc output (dist/**/*.js) as one ES module per public entry point plus
// shared chunks (esbuild, code splitting, nothing minified, dependencies left as imports).
// Why: Node 20's ESM loader costs ~0.5-1 ms per module file, and @oauth2/core's root entry is
// ~50 files; bundled, `import('@oauth2/core')` loads a handful. Types (dist/**/*.d.ts) stay as tsc
// wrote them. Run from a package directory after `tsc -p tsconfig.build.json`.
import { mkdir, readdir, readFile, rename, rm } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { build } from 'esbuild';

const pkg = JSON.parse(await readFile('package.json', 'utf8'));
const entryPoints = {};
for (const target of Object.values(pkg.exports)) {
  const file = typeof target === 'object' ? target.default : undefined;
  if (typeof file === 'string' && file.startsWith('./dist/') && file.endsWith('.js')) {
    entryPoints[file.slice('./dist/'.length, -'.js'.length)] = file;
  }
}
const out = 'dist-bundle';
await rm(out, { recursive: true, force: true });
await build({
  entryPoints,
  outdir: out,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  chunkNames: '_chunks/[name]-[hash]',
  legalComments: 'none',
  logLevel: 'warning',
});

/** Every file under `dir`, relative to it. */
async function files(dir) {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => relative(dir, join(e.parentPath, e.name)));
}
for (const file of await files('dist')) {
  if (file.endsWith('.js') || file.endsWith('.js.map')) await rm(join('dist', file));
}
for (const file of await files(out)) {
  await mkdir(dirname(join('dist', file)), { recursive: true });
  await rename(join(out, file), join('dist', file));
}
await rm(out, { recursive: true, force: true });

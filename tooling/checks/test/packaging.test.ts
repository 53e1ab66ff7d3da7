import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { packPackage, sh, tempDir } from '../src/pack.js';
import { loadWorkspacePackages, repoRoot, type WorkspacePackage } from '../src/workspace.js';

// Test the published shape (house style 19): what `pnpm pack` produces must pass publint and
// attw, install into a plain npm project, and import both as ESM and through require(esm).
const publicPackages: WorkspacePackage[] = loadWorkspacePackages().filter(
  (p) => !p.manifest.private,
);
const tarballs = new Map<string, string>();
let project = '';

beforeAll(async () => {
  const dest = tempDir('oauth2-pack-');
  for (const pkg of publicPackages) tarballs.set(pkg.manifest.name, await packPackage(pkg, dest));
  project = tempDir('oauth2-consumer-');
  writeFileSync(
    join(project, 'package.json'),
    JSON.stringify({ name: 'consumer', version: '1.0.0', private: true, type: 'module' }),
  );
  await sh(
    'npm',
    [
      'install',
      '--no-audit',
      '--no-fund',
      '--prefer-offline',
      '--loglevel=error',
      ...tarballs.values(),
    ],
    project,
    { npm_config_nodedir: '/usr' },
  );
});

describe('published packages', () => {
  it('has packages to check', () => {
    expect(publicPackages.map((p) => p.manifest.name)).toContain('@oauth2/xsrf');
  });

  describe.each(publicPackages.map((p) => [p.manifest.name, p] as const))('%s', (name, pkg) => {
    it('passes publint --strict on the packed tarball', async () => {
      const out = await sh(
        join(repoRoot, 'node_modules/.bin/publint'),
        ['run', '--strict', tarballs.get(name) as string],
        pkg.path,
      );
      expect(out).not.toMatch(/error|warning/i);
    });

    it('passes attw (ESM-only profile) on the packed tarball', async () => {
      const out = await sh(
        join(repoRoot, 'node_modules/.bin/attw'),
        [tarballs.get(name) as string, '--profile', 'esm-only', '--format', 'ascii'],
        pkg.path,
      );
      // attw exits non-zero on any problem the ESM-only profile does not ignore (sh() throws then).
      expect(out).toContain(`${name} v`);
      expect(out).not.toMatch(/❌|🐛|🥴|❗️/u);
    });

    it('imports with ESM import and with require(esm) from an installed tarball', async () => {
      const esm = await sh(
        'node',
        [
          '--input-type=module',
          '-e',
          `const m = await import('${name}'); console.log(Object.keys(m).length);`,
        ],
        project,
      );
      expect(Number(esm.trim().split('\n').at(-1))).toBeGreaterThan(0);
      const cjs = await sh(
        'node',
        [
          '--no-warnings',
          '-e',
          `const m = require('${name}'); console.log(Object.keys(m).length);`,
        ],
        project,
      );
      expect(Number(cjs.trim().split('\n').at(-1))).toBeGreaterThan(0);
    });
  });
});

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { packPackage, sh, tempDir } from '../src/pack.js';
import {
  exampleLibrarySpecs,
  failingExamples,
  readmeExamples,
  writeReadmeProject,
} from '../src/readme-examples.js';
import {
  COMPILERS,
  compile,
  entryPoints,
  RESOLUTIONS,
  writeTypesProject,
} from '../src/types-check.js';
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
      // What a Node user's TypeScript project has (with "types": [] it is loaded only on demand).
      '@types/node@20',
      ...tarballs.values(),
      // What the README examples import besides ours, at the workspace's versions.
      ...exampleLibrarySpecs(loadWorkspacePackages()),
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

// The types-check (issue 10): the installed tarballs compile in a user's strict project under
// TypeScript 5 and 6, with "types": [], for each module resolution. One program per combination
// holds a one-line user file for every package, so an error names the package's file.
describe('types-check', () => {
  const specifiers = publicPackages.flatMap((p) =>
    entryPoints(p.manifest.name, p.manifest.exports),
  );
  let written: Map<string, string> | undefined;
  const configs = () => {
    written ??= writeTypesProject(project, specifiers);
    return written;
  };

  it('checks every entry point of every package', () => {
    expect(specifiers).toContain('@oauth2/core/http');
    expect(specifiers).not.toContain('@oauth2/core/package.json');
  });
  for (const [compilerLabel, compiler] of Object.entries(COMPILERS)) {
    for (const resolution of Object.keys(RESOLUTIONS)) {
      it(`${compilerLabel}, moduleResolution ${resolution}, strict, types: []`, async () => {
        const out = await compile(compiler, configs().get(resolution) as string);
        expect(out).not.toMatch(/error TS/);
      });
    }
  }

  it('each tarball ships LICENSE, no source maps, and no repository field on an invalid host', async () => {
    for (const pkg of publicPackages) {
      const listing = await sh('tar', ['-tzf', tarballs.get(pkg.manifest.name) as string], project);
      expect(listing, pkg.manifest.name).toContain('package/LICENSE');
      expect(listing, pkg.manifest.name).not.toMatch(/\.map$/m);
      const manifest = await sh(
        'tar',
        ['-xzOf', tarballs.get(pkg.manifest.name) as string, 'package/package.json'],
        project,
      );
      expect(manifest, pkg.manifest.name).not.toMatch(/\.invalid|example\.(com|org)/);
    }
  });
});

// Every fenced ts/js example of every package README, compiled in one strict program against the
// installed tarballs (issue 11).
describe('README examples', () => {
  const examples = readmeExamples(publicPackages);

  it('finds the examples', () => {
    expect(examples.map((e) => e.id)).toContain('crypt-1');
    expect(examples.length).toBeGreaterThanOrEqual(publicPackages.length);
  });

  // Every example compiles, none excepted: a fragment becomes a complete example (imports,
  // process.env checked), never a different fence language.
  it('compile in a strict project against the installed packages', async () => {
    const config = writeReadmeProject(project, examples);
    const out = await compile(COMPILERS['typescript 5'] as string, config).catch(
      (err: Error) => err.message,
    );
    expect([...failingExamples(out)], out).toEqual([]);
    expect(out).not.toMatch(/error TS/);
  });
});

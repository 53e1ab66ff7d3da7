import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  isUpwardImport,
  lacksReason,
  longFilesWithoutReason,
  relativeImports,
  upwardImports,
} from '../src/repo-rules.js';
import { loadWorkspacePackages, repoRoot } from '../src/workspace.js';

const packages = loadWorkspacePackages();
const toolingDirs = readdirSync(join(repoRoot, 'tooling')).map((d) => join(repoRoot, 'tooling', d));

describe('rule 1: imports never go up the folder tree inside a package', () => {
  const src = '/p/src';
  it('flags a subfolder importing its parent folder, not siblings, children or base modules', () => {
    expect(isUpwardImport(src, '/p/src/internal/a.ts', '../web-server-flow.js')).toBe(true);
    expect(isUpwardImport(src, '/p/src/flows/deep/a.ts', '../../device-flow.js')).toBe(true);
    expect(isUpwardImport(src, '/p/src/flows/deep/a.ts', '../b.js')).toBe(true);
    expect(isUpwardImport(src, '/p/src/internal/a.ts', '../errors.js')).toBe(false);
    expect(isUpwardImport(src, '/p/src/internal/a.ts', '../constants.js')).toBe(false);
    expect(isUpwardImport(src, '/p/src/flows/a.ts', '../http/request.js')).toBe(false);
    expect(isUpwardImport(src, '/p/src/flows/a.ts', './b.js')).toBe(false);
    expect(isUpwardImport(src, '/p/src/a.ts', './internal/b.js')).toBe(false);
    expect(isUpwardImport(src, '/p/src/http/internal/a.ts', '../../errors.js')).toBe(false);
  });

  it('sees static, re-export and dynamic imports, and exempts type-only ones', () => {
    const text = `import { a } from '../a.js';\nimport type { B } from '../b.js';\nexport { c } from './c.js';\nconst d = await import('../d.js');\n// import { e } from '../e.js';\nimport z from 'zod';`;
    expect(relativeImports(text)).toEqual([
      { specifier: '../a.js', typeOnly: false },
      { specifier: '../b.js', typeOnly: true },
      { specifier: './c.js', typeOnly: false },
      { specifier: '../d.js', typeOnly: false },
    ]);
  });

  it('holds for every package (no upward import left anywhere)', () => {
    const found = packages.flatMap((p) =>
      upwardImports(p.path).map((line) => `packages/${p.dir}/${line}`),
    );
    expect(packages.length).toBeGreaterThan(5); // the scan sees the tree
    expect(found).toEqual([]);
    // ...and finds one when there is one.
    const planted = mkdtempSync(join(tmpdir(), 'oauth2-rule1-'));
    try {
      mkdirSync(join(planted, 'src', 'internal'), { recursive: true });
      writeFileSync(join(planted, 'src', 'a.ts'), 'export const a = 1;\n');
      writeFileSync(join(planted, 'src', 'internal', 'b.ts'), "import { a } from '../a.js';\n");
      expect(upwardImports(planted)).toEqual([`${join('src', 'internal', 'b.ts')} -> ../a.js`]);
    } finally {
      rmSync(planted, { recursive: true, force: true });
    }
  });
});

describe('rule 2: a file over 400 lines says why at its top', () => {
  const body = (n: number) => Array.from({ length: n }, (_, i) => `const a${i} = ${i};`).join('\n');
  it('flags 401 lines without a reason; accepts 400, a reason line, or one after a directive', () => {
    expect(lacksReason(`${body(400)}\n`)).toBe(false);
    expect(lacksReason(body(401))).toBe(true);
    expect(lacksReason(`// long-file: one matrix of cases\n${body(420)}`)).toBe(false);
    expect(lacksReason(`// long-file:\n${body(420)}`)).toBe(true);
    expect(lacksReason(`/// <reference types="node" />\n// long-file: why\n${body(420)}`)).toBe(
      false,
    );
    expect(lacksReason(`${body(3)}\n// long-file: too late\n${body(420)}`)).toBe(true);
  });

  it('holds for every package and tooling folder', () => {
    const dirs = [...packages.map((p) => p.path), ...toolingDirs];
    expect(dirs.flatMap((d) => longFilesWithoutReason(d).map((f) => `${d}/${f}`))).toEqual([]);
  });
});

describe('rule 3: every entry point references @types/node (the types-check explains why)', () => {
  it('holds for every export of every public package', () => {
    const missing: string[] = [];
    for (const p of packages.filter((pkg) => !pkg.manifest.private)) {
      for (const target of Object.values((p.manifest.exports ?? {}) as Record<string, unknown>)) {
        const source =
          typeof target === 'object' && target !== null
            ? (target as { source?: string }).source
            : undefined;
        if (source === undefined) continue;
        const text = readFileSync(join(p.path, source), 'utf8');
        if (!text.startsWith('/// <reference types="node" preserve="true" />')) {
          missing.push(`${p.manifest.name}: ${source}`);
        }
      }
    }
    expect(missing).toEqual([]);
  });
});

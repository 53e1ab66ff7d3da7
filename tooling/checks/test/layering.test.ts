import { describe, expect, it } from 'vitest';
import { layeringViolations, mayImport } from '../src/layering.js';
import { importsOf, loadWorkspacePackages, type WorkspacePackage } from '../src/workspace.js';

function fakePackage(
  name: string,
  deps: Record<string, string>,
  imports: string[],
): WorkspacePackage {
  return {
    dir: name,
    path: `/x/${name}`,
    manifest: { name, peerDependencies: deps },
    imports: imports.map((specifier) => ({ specifier, file: `${name}/src/index.ts` })),
  };
}

describe('layering rule', () => {
  it('allows layer 1 -> core, layer 2 -> layers 0-1, and nothing else', () => {
    expect(mayImport('@oauth2/crypt', '@oauth2/core')).toBe(true);
    expect(mayImport('@oauth2/adc', '@oauth2/crypt')).toBe(true);
    expect(mayImport('@oauth2/crypt', '@oauth2/gce')).toBe(false);
    expect(mayImport('@oauth2/adc', '@oauth2/cli')).toBe(false);
    expect(mayImport('@oauth2/core', '@oauth2/crypt')).toBe(false);
    expect(mayImport('@oauth2/unknown', '@oauth2/core')).toBe(false);
  });

  it('allows the one layer-2 edge an issue asks for (cli -> adc), and not the others', () => {
    expect(mayImport('@oauth2/cli', '@oauth2/adc')).toBe(true);
    expect(mayImport('@oauth2/cli', '@oauth2/express')).toBe(false);
    expect(mayImport('@oauth2/express', '@oauth2/adc')).toBe(false);
  });

  it('reports a layer-1 package importing a sibling, an undeclared import, and core growing deps', () => {
    const problems = layeringViolations([
      fakePackage('@oauth2/gce', { '@oauth2/core': '^0' }, ['@oauth2/crypt/sub', 'left-pad']),
      fakePackage('@oauth2/core', { lodash: '^4', zod: '^4' }, ['lodash', 'zod', 'node:fs']),
    ]);
    expect(problems).toEqual([
      expect.stringContaining('@oauth2/gce may not import @oauth2/crypt'),
      expect.stringContaining('imports left-pad, which @oauth2/gce does not declare'),
      '@oauth2/core depends on lodash; core may depend on zod only',
      expect.stringContaining('imports lodash; core may import zod only'),
    ]);
  });

  it('finds static, type-only, re-export and dynamic imports', () => {
    const src = `import a from 'a';\nimport type { B } from "@s/b/sub";\nexport { c } from './c.js';\nconst d = await import('d');\nimport 'side';`;
    expect(importsOf(src)).toEqual(['a', '@s/b/sub', './c.js', 'd', 'side']);
    expect(
      importsOf(
        `/**\n * @example\n * import x from 'in-doc';\n */\n// import y from 'in-comment';\nimport z from 'real';`,
      ),
    ).toEqual(['real']);
  });

  it('holds for every package in this workspace', () => {
    const packages = loadWorkspacePackages();
    expect(packages.map((p) => p.manifest.name)).toContain('@oauth2/core');
    expect(layeringViolations(packages)).toEqual([]);
  });
});

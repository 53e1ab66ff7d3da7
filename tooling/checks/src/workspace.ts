import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The monorepo root. */
export const repoRoot: string = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/** What the checks need to know about one workspace package. */
export interface WorkspacePackage {
  /** Folder name under `packages/`, e.g. `core`. */
  dir: string;
  /** Absolute folder. */
  path: string;
  manifest: {
    name: string;
    private?: boolean;
    dependencies?: Record<string, string>;
    peerDependencies?: Record<string, string>;
    devDependencies?: Record<string, string>;
    exports?: unknown;
  };
  /** Import specifiers found in non-test source files, with the file they appear in. */
  imports: { specifier: string; file: string }[];
}

const IMPORT_RE =
  /(?:^|[\s;])(?:import|export)\s+(?:type\s+)?(?:[^'";]*?\s+from\s+)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

/** Import specifiers in a TypeScript source text (static, re-exports and literal dynamic imports). */
export function importsOf(source: string): string[] {
  const out: string[] = [];
  // Comments (TSDoc examples especially) mention imports that the module does not make.
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  for (const m of code.matchAll(IMPORT_RE)) {
    const spec = m[1] ?? m[2];
    if (spec) out.push(spec);
  }
  return out;
}

function sourceFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out.push(...sourceFiles(full));
    else if (/\.(ts|mts|js|mjs)$/.test(name) && !/\.test\.|\.d\.ts$/.test(name)) out.push(full);
  }
  return out;
}

/** Every package under `packages/`, with its manifest and the imports of its shipped sources. */
export function loadWorkspacePackages(root = repoRoot): WorkspacePackage[] {
  const base = join(root, 'packages');
  return readdirSync(base)
    .filter((dir) => existsSync(join(base, dir, 'package.json')))
    .map((dir) => {
      const path = join(base, dir);
      const manifest = JSON.parse(readFileSync(join(path, 'package.json'), 'utf8'));
      const imports = sourceFiles(join(path, 'src')).flatMap((file) =>
        importsOf(readFileSync(file, 'utf8')).map((specifier) => ({ specifier, file })),
      );
      return { dir, path, manifest, imports };
    });
}

/** `@scope/name/sub` → `@scope/name`; `name/sub` → `name`; relative and `node:` → undefined. */
export function packageNameOf(specifier: string): string | undefined {
  if (specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('node:')) {
    return undefined;
  }
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/**
 * Repository rules for the inside of packages (issue 11), documented in CONTRIBUTING.md.
 *
 * 1. Imports never go up the folder tree. A package's `src/` holds its public concepts;
 *    subfolders (`http/`, `fs/`, `flows/`, `internal/`...) hold the pieces those concepts are
 *    built from, so a folder is a lower layer than its parent. A module may import modules in its
 *    own folder, its subfolders and sibling folders, but not a module of an ancestor folder
 *    (`../x.js` where `x` sits above), except the package's base modules (`errors.ts` and
 *    `constants.ts` at the top of `src/`, which import nothing above them). Type-only imports are
 *    exempt: they add no load-time dependency.
 * 2. A source or test file over 400 lines carries a one-line reason at its top:
 *    `// long-file: <why it is not split>` (on its first line, or its second after a directive).
 */

/** Modules every layer of a package may import from above. */
export const BASE_MODULES = new Set(['errors.ts', 'constants.ts']);
/** Line count above which a file needs a reason line. */
export const MAX_LINES = 400;
/** The reason line a long file starts with. */
export const LONG_FILE_REASON = /^\/\/ long-file: \S/;

const IMPORT_RE =
  /(?:^|[\s;])(?:import|export)\s+(type\s+)?(?:[^'";]*?\s+from\s+)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

/** Relative imports of a source text, with whether each is type-only. */
export function relativeImports(source: string): { specifier: string; typeOnly: boolean }[] {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  const out: { specifier: string; typeOnly: boolean }[] = [];
  for (const m of code.matchAll(IMPORT_RE)) {
    const specifier = m[2] ?? m[3];
    if (specifier?.startsWith('.')) out.push({ specifier, typeOnly: m[1] !== undefined });
  }
  return out;
}

/** Whether `importer` (a file under `srcDir`) importing `specifier` goes up the folder tree. */
export function isUpwardImport(srcDir: string, importer: string, specifier: string): boolean {
  const target = resolve(dirname(importer), specifier);
  const from = dirname(importer);
  const to = dirname(target);
  if (from === to || !from.startsWith(`${to}/`)) return false;
  const base = relative(srcDir, target).replace(/\.js$/, '.ts');
  return !BASE_MODULES.has(base);
}

function files(dir: string, keep: (name: string) => boolean): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist' || name.startsWith('.')) continue;
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out.push(...files(full, keep));
    else if (keep(name)) out.push(full);
  }
  return out;
}

/** Upward imports in the non-test sources of a package, as `src/a/b.ts -> ../c.js`. */
export function upwardImports(packageDir: string): string[] {
  const srcDir = join(packageDir, 'src');
  const out: string[] = [];
  for (const file of files(srcDir, (n) => /\.[cm]?ts$/.test(n) && !/\.test\.|\.d\.ts$/.test(n))) {
    for (const { specifier, typeOnly } of relativeImports(readFileSync(file, 'utf8'))) {
      if (!typeOnly && isUpwardImport(srcDir, file, specifier)) {
        out.push(`${relative(packageDir, file)} -> ${specifier}`);
      }
    }
  }
  return out;
}

/** Whether a text of more than {@link MAX_LINES} lines lacks its reason line. */
export function lacksReason(text: string): boolean {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  if (lines.length <= MAX_LINES) return false;
  const [first = '', second = ''] = lines;
  const directive = /^(#!|\/\/\/ <reference)/.test(first);
  return !(LONG_FILE_REASON.test(first) || (directive && LONG_FILE_REASON.test(second)));
}

/** Files of a package folder over {@link MAX_LINES} lines without a reason line. */
export function longFilesWithoutReason(packageDir: string): string[] {
  return ['src', 'test']
    .flatMap((sub) => files(join(packageDir, sub), (n) => /\.[cm]?[jt]s$/.test(n)))
    .filter((file) => lacksReason(readFileSync(file, 'utf8')))
    .map((file) => relative(packageDir, file));
}

import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * The test placement rule (CONTRIBUTING.md, "Layout"): a unit test sits beside the module it
 * tests (`src/x.test.ts` next to `src/x.ts`); cross-module, process and fixture tests live in
 * `test/`. The shared vitest config runs exactly `src/**\/*.test.ts` and `test/**\/*.test.ts`, so
 * a test anywhere else would silently never run.
 */
export function testPlacementViolations(packageDir: string): string[] {
  const problems: string[] = [];
  const walk = (dir: string, inside: 'src' | 'test' | 'other'): void => {
    for (const name of readdirSync(dir)) {
      if (name === 'node_modules' || name === 'dist' || name.startsWith('.')) continue;
      const full = join(dir, name);
      if (statSync(full).isDirectory()) {
        const next =
          inside === 'other' && dir === packageDir && (name === 'src' || name === 'test')
            ? name
            : inside;
        walk(full, next);
        continue;
      }
      if (!/\.test\.[cm]?[jt]s$/.test(name)) continue;
      const rel = relative(packageDir, full);
      if (inside === 'other') {
        problems.push(
          `${rel}: tests live in src/ (beside their module) or test/; vitest runs no others`,
        );
      } else if (inside === 'src') {
        const subject = full.replace(/\.test\.([cm]?[jt]s)$/, '.$1');
        if (!existsSync(subject)) {
          problems.push(
            `${rel}: a test under src/ sits beside the module it tests (${relative(packageDir, subject)} is missing); move cross-module tests to test/`,
          );
        }
      }
    }
  };
  walk(packageDir, 'other');
  return problems;
}

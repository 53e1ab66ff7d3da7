import { builtinModules } from 'node:module';
import { packageNameOf, type WorkspacePackage } from './workspace.js';

/**
 * The architecture rule (house style, Architecture 2). Layer 0: core. Layer 1: packages that
 * implement core's contracts. Layer 2: packages that compose layers 0-1 and never each other.
 */
export const LAYERS: Record<string, 0 | 1 | 2> = {
  '@oauth2/core': 0,
  '@oauth2/crypt': 1,
  '@oauth2/storage-file': 1,
  '@oauth2/storage-multistore': 1,
  '@oauth2/storage-keyring': 1,
  '@oauth2/storage-postgres': 1,
  '@oauth2/storage-redis': 1,
  '@oauth2/gce': 1,
  '@oauth2/devshell': 1,
  '@oauth2/xsrf': 1,
  '@oauth2/adc': 2,
  '@oauth2/express': 2,
  '@oauth2/cli': 2,
};

/** Third-party packages core may use: it depends on zod alone (house style, Architecture 3). */
export const CORE_EXTERNALS = new Set(['zod']);

/**
 * Layer-2 edges the issues allow explicitly: the CLI's `adc` commands write and explain
 * Application Default Credentials with `@oauth2/adc` (issue 12).
 */
export const ALLOWED_LAYER2_EDGES = new Set(['@oauth2/cli -> @oauth2/adc']);

/** Whether package `from` may import workspace package `to`. */
export function mayImport(from: string, to: string): boolean {
  if (from === to) return true;
  if (ALLOWED_LAYER2_EDGES.has(`${from} -> ${to}`)) return true;
  const a = LAYERS[from];
  const b = LAYERS[to];
  if (a === undefined || b === undefined) return false;
  if (a === 0) return false;
  if (a === 1) return b === 0;
  return b < 2;
}

const builtins = new Set(builtinModules);

/** Human-readable violations of the layering rule; empty when the workspace obeys it. */
export function layeringViolations(packages: WorkspacePackage[]): string[] {
  const problems: string[] = [];
  for (const pkg of packages) {
    const name = pkg.manifest.name;
    if (pkg.manifest.private) continue;
    if (LAYERS[name] === undefined) {
      problems.push(`${name} has no layer: add it to LAYERS in tooling/checks/src/layering.ts`);
      continue;
    }
    const declared = {
      ...pkg.manifest.dependencies,
      ...pkg.manifest.peerDependencies,
    };
    for (const dep of Object.keys(declared)) {
      if (dep.startsWith('@oauth2/') && !mayImport(name, dep)) {
        problems.push(`${name} declares a dependency on ${dep}, which its layer does not allow`);
      }
      if (name === '@oauth2/core' && !dep.startsWith('@oauth2/') && !CORE_EXTERNALS.has(dep)) {
        problems.push(`@oauth2/core depends on ${dep}; core may depend on zod only`);
      }
    }
    for (const { specifier, file } of pkg.imports) {
      const target = packageNameOf(specifier);
      if (!target || builtins.has(target)) continue;
      if (target.startsWith('@oauth2/')) {
        if (!mayImport(name, target)) {
          problems.push(`${file} imports ${specifier}: ${name} may not import ${target}`);
        }
      } else if (!(target in declared)) {
        problems.push(`${file} imports ${specifier}, which ${name} does not declare`);
      } else if (name === '@oauth2/core' && !CORE_EXTERNALS.has(target)) {
        problems.push(`${file} imports ${specifier}; core may import zod only`);
      }
    }
  }
  return problems;
}

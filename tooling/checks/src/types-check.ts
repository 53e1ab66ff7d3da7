import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { sh } from './pack.js';

/**
 * The `types-check`: what a user's TypeScript project sees of our published types. In a project
 * where the packed tarballs are installed, one one-line file per package imports it, and the
 * project is compiled under each TypeScript major we support and each module resolution a Node
 * user may pick, `strict`, with `"types": []` (TypeScript 7's default, so nothing leaks in from
 * `@types/*` unless our declarations reference it), and under `nodenext` with `skipLibCheck: false`
 * (so an error inside our `.d.ts` files is reported, not silently turned into `any`).
 */

const require = createRequire(import.meta.url);

/** The compilers to check with: the workspace's TypeScript 5 and the `typescript-6` alias. */
export const COMPILERS: Record<string, string> = {
  'typescript 5': join(dirname(require.resolve('typescript/package.json')), 'bin/tsc'),
  'typescript 6': join(dirname(require.resolve('typescript-6/package.json')), 'bin/tsc'),
};

/** Each `moduleResolution` with the `module` setting it requires. */
export const RESOLUTIONS: Record<string, { module: string; moduleResolution: string }> = {
  nodenext: { module: 'nodenext', moduleResolution: 'nodenext' },
  node16: { module: 'node16', moduleResolution: 'node16' },
  bundler: { module: 'esnext', moduleResolution: 'bundler' },
};

/** The one-line user file for an entry point: a namespace import whose value is used. */
export function userFile(specifier: string): string {
  return `import * as entry from '${specifier}'; export const names: string[] = Object.keys(entry);\n`;
}

/** `@oauth2/core` and its subpaths (`@oauth2/core/http`...): every entry point of the exports map. */
export function entryPoints(name: string, exportsMap: unknown): string[] {
  if (typeof exportsMap !== 'object' || exportsMap === null) return [name];
  return Object.keys(exportsMap)
    .filter((key) => key !== './package.json')
    .map((key) => (key === '.' ? name : `${name}/${key.slice(2)}`));
}

/**
 * Write one user file per entry point and one tsconfig per resolution into `project` (a
 * `type: module` project where the tarballs are installed).
 */
export function writeTypesProject(project: string, specifiers: string[]): Map<string, string> {
  const dir = join(project, 'types-check');
  mkdirSync(dir, { recursive: true });
  const files = specifiers.map((specifier) => {
    const file = `${specifier.replace(/^@oauth2\//, '').replaceAll('/', '-')}.ts`;
    writeFileSync(join(dir, file), userFile(specifier));
    return file;
  });
  const configs = new Map<string, string>();
  for (const [label, settings] of Object.entries(RESOLUTIONS)) {
    const config = join(dir, `tsconfig.${label}.json`);
    writeFileSync(
      config,
      JSON.stringify(
        {
          compilerOptions: {
            ...settings,
            target: 'es2022',
            lib: ['es2023'],
            strict: true,
            types: [],
            // Checking our .d.ts files (and @types/node) is most of the time: once per compiler
            // is enough, as the declarations are the same; resolution is checked under each.
            skipLibCheck: label !== 'nodenext',
            noEmit: true,
            rootDir: '.',
          },
          files,
        },
        null,
        2,
      ),
    );
    configs.set(label, config);
  }
  return configs;
}

/** Compile one configuration; resolves the compiler's output, rejects with it on any error. */
export function compile(compiler: string, config: string): Promise<string> {
  return sh(process.execPath, [compiler, '-p', config, '--pretty', 'false'], dirname(config));
}

import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * README examples compiled as a user's strict project would (issue 11): every fenced `ts` and
 * `js` block of each package README is written to a file of its own (`.ts` for `ts`, `.js` with
 * `checkJs` for `js`) in the project where the packed tarballs are installed, and the project is
 * type-checked against those installed packages, never the workspace sources.
 */

/** One fenced example of a README. */
export interface ReadmeExample {
  /** `core-1`: the package folder and the example's position in its README. */
  id: string;
  lang: 'ts' | 'js';
  /** The README line the fence opens on (for messages). */
  line: number;
  code: string;
}

/** The fenced `ts`/`js` blocks of a Markdown text. */
export function extractExamples(packageDir: string, markdown: string): ReadmeExample[] {
  const out: ReadmeExample[] = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(ts|typescript|js|javascript)\s*$/.exec(lines[i] as string);
    if (!open) continue;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && !/^```\s*$/.test(lines[i] as string); i++) {
      body.push(lines[i] as string);
    }
    out.push({
      id: `${packageDir}-${out.length + 1}`,
      lang: open[1]?.startsWith('t') ? 'ts' : 'js',
      line: start + 1,
      code: `${body.join('\n')}\n`,
    });
  }
  return out;
}

/**
 * The libraries the examples use besides ours (a user installs them beside the package, as each
 * README's install line says), with their `@types`.
 */
export const EXAMPLE_LIBRARIES: readonly string[] = [
  'express',
  '@types/express',
  'express-session',
  '@types/express-session',
  'pg',
  '@types/pg',
  'redis',
];

/**
 * `name@version` of each library, at the version the workspace installed (the one our tests run
 * against), read from the first package whose `node_modules` holds it.
 */
export function exampleLibrarySpecs(packages: { path: string }[]): string[] {
  return EXAMPLE_LIBRARIES.map((name) => {
    for (const pkg of packages) {
      const manifest = join(pkg.path, 'node_modules', name, 'package.json');
      if (existsSync(manifest)) {
        return `${name}@${(JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version}`;
      }
    }
    throw new Error(`no workspace package has ${name} installed`);
  });
}

/** Every example of the READMEs of these package folders. */
export function readmeExamples(packages: { dir: string; path: string }[]): ReadmeExample[] {
  return packages.flatMap((p) =>
    extractExamples(p.dir, readFileSync(join(p.path, 'README.md'), 'utf8')),
  );
}

/**
 * Write the examples (each a module, so top-level `await` works) and a strict tsconfig into
 * `project/readme-check`; returns the tsconfig path.
 */
export function writeReadmeProject(project: string, examples: ReadmeExample[]): string {
  const dir = join(project, 'readme-check');
  mkdirSync(dir, { recursive: true });
  const files = examples.map((example) => {
    const file = `${example.id}.${example.lang}`;
    // A trailing export makes a block without imports a module too.
    writeFileSync(join(dir, file), `${example.code}export {};\n`);
    return file;
  });
  const config = join(dir, 'tsconfig.json');
  writeFileSync(
    config,
    JSON.stringify(
      {
        compilerOptions: {
          module: 'nodenext',
          moduleResolution: 'nodenext',
          target: 'es2022',
          lib: ['es2023'],
          strict: true,
          types: ['node'],
          allowJs: true,
          checkJs: true,
          skipLibCheck: true,
          noEmit: true,
          rootDir: '.',
        },
        files,
      },
      null,
      2,
    ),
  );
  return config;
}

/** The example ids named in a compiler output (`core-2.ts(3,1): error TS...`). */
export function failingExamples(output: string): Set<string> {
  return new Set(
    [...output.matchAll(/^([\w-]+-\d+)\.[jt]s\(\d+,\d+\): error TS/gm)].map((m) => m[1] as string),
  );
}

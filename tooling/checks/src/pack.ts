import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { WorkspacePackage } from './workspace.js';

const run = promisify(execFile);

/** Run a command, returning stdout+stderr; rejects with both in the message on failure. */
export async function sh(
  cmd: string,
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv = {},
): Promise<string> {
  try {
    const { stdout, stderr } = await run(cmd, args, {
      cwd,
      env: { ...process.env, ...env },
      maxBuffer: 32 * 1024 * 1024,
      timeout: 240_000,
    });
    return `${stdout}${stderr}`;
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string; message: string };
    throw new Error(
      `${cmd} ${args.join(' ')} failed in ${cwd}:\n${e.stdout ?? ''}${e.stderr ?? ''}`,
      {
        cause: err,
      },
    );
  }
}

/** `pnpm pack` a package (which applies `publishConfig` and rewrites `workspace:` ranges). */
export async function packPackage(pkg: WorkspacePackage, destination: string): Promise<string> {
  const before = new Set(readdirSync(destination));
  await sh('pnpm', ['pack', '--pack-destination', destination], pkg.path);
  const created = readdirSync(destination).filter((f) => f.endsWith('.tgz') && !before.has(f));
  if (created.length !== 1)
    throw new Error(`pnpm pack of ${pkg.manifest.name} made ${created.length} tarballs`);
  return join(destination, created[0] as string);
}

/** A fresh temporary folder. */
export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

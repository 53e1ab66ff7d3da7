import { stat } from 'node:fs/promises';

/**
 * True on POSIX systems (file modes, symlinks, FIFOs and `chown` behave as the tests expect);
 * false on Windows. For `it.runIf(posix)`.
 */
export const posix: boolean = process.platform !== 'win32';

/** True when the tests run as root (root ignores file modes, so some refusals cannot be seen). */
export const isRoot: boolean = posix && process.getuid?.() === 0;

/** The permission bits of `path` (`0o600`...), for mode assertions. */
export async function modeOf(path: string): Promise<number> {
  return (await stat(path)).mode & 0o777;
}

/**
 * Run `fn` once under each umask (default `0o000` and `0o022`), restoring the process umask
 * after each run, even when it fails. POSIX only.
 *
 * @example
 * await underEachUmask(async (mask) => {
 *   const path = join(tmp.dir, `u${mask}`, 'creds.json');
 *   await writeFileAtomic(path, 'x', { createDirectories: true });
 *   expect(await modeOf(path)).toBe(0o600);
 * });
 */
export async function underEachUmask(
  fn: (mask: number) => Promise<void>,
  masks: readonly number[] = [0o000, 0o022],
): Promise<void> {
  for (const mask of masks) {
    const old = process.umask(mask);
    try {
      await fn(mask);
    } finally {
      process.umask(old);
    }
  }
}

import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { modeOf, posix, underEachUmask } from './platform.js';
import { useTempDir } from './temp-dir.js';

/** The process umask, read without the deprecated no-argument `process.umask()`. */
function currentUmask(): number {
  const mask = process.umask(0o022);
  process.umask(mask);
  return mask;
}

describe.runIf(posix)('underEachUmask / modeOf', () => {
  const tmp = useTempDir('test-kit-umask-');

  it('runs under each umask, restores the old one, and reads permission bits', async () => {
    const before = currentUmask();
    const seen: number[] = [];
    await underEachUmask(async (mask) => {
      seen.push(mask);
      const path = join(tmp.dir, `f${mask}`);
      await writeFile(path, 'x', { mode: 0o666 });
      expect(await modeOf(path)).toBe(0o666 & ~mask);
    });
    expect(seen).toEqual([0o000, 0o022]);
    expect(currentUmask()).toBe(before);
  });

  it('restores the umask when the run fails', async () => {
    const before = currentUmask();
    await expect(
      underEachUmask(async () => {
        throw new Error('boom');
      }, [0o077]),
    ).rejects.toThrow('boom');
    expect(currentUmask()).toBe(before);
  });
});

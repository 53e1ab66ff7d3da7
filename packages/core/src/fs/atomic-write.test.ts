import { execFile } from 'node:child_process';
import { chmod, mkdir, readdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { modeOf, posix, underEachUmask, useTempDir } from '@oauth2/test-kit';
import { describe, expect, it } from 'vitest';
import {
  CredentialsFileSymbolicLinkError,
  IsADirectoryError,
  StorageWriteError,
} from '../errors.js';
import { createDirectories, writeFileAtomic } from './atomic-write.js';
import { type CredentialFs, nodeCredentialFs } from './file-system.js';

const tmp = useTempDir('oauth2-atomic-');

/** A file system that records the calls it sees, and can fail one of them. */
function spyFs(fail?: { op: string; code: string }): { fs: CredentialFs; calls: string[] } {
  const calls: string[] = [];
  const maybeFail = (op: string) => {
    if (fail?.op === op)
      throw Object.assign(new Error(`injected ${fail.code}`), { code: fail.code });
  };
  const fs: CredentialFs = {
    ...nodeCredentialFs,
    async open(path, flags, mode) {
      const kind = path === tmp.dir ? 'dir' : 'file';
      calls.push(`open:${kind}`);
      const h = await nodeCredentialFs.open(path, flags, mode);
      return {
        stat: () => h.stat(),
        read: (b, o, l, p) => h.read(b, o, l, p),
        chmod: (m) => h.chmod(m),
        close: () => h.close(),
        async writeFile(data) {
          calls.push(`write:${kind}`);
          maybeFail('write');
          await h.writeFile(data);
        },
        async sync() {
          calls.push(`fsync:${kind}`);
          maybeFail(`fsync:${kind}`);
          await h.sync();
        },
      };
    },
    async rename(from, to) {
      calls.push('rename');
      maybeFail('rename');
      await nodeCredentialFs.rename(from, to);
    },
  };
  return { fs, calls };
}

describe('writeFileAtomic', () => {
  it('writes the exact bytes, mode 0600, and leaves no temporary file', async () => {
    const path = join(tmp.dir, 'creds.json');
    await writeFileAtomic(path, '{"a": 1}');
    expect(await readFile(path, 'utf8')).toBe('{"a": 1}');
    if (posix) expect(await modeOf(path)).toBe(0o600);
    expect(await readdir(tmp.dir)).toEqual(['creds.json']);
  });

  it.runIf(posix)(
    'creates 0600 files and 0700 directories under umask 0 and 022 (F3)',
    async () => {
      await underEachUmask(async (mask) => {
        const path = join(tmp.dir, `u${mask}`, 'nested', 'creds.json');
        await writeFileAtomic(path, 'x', { createDirectories: true });
        expect(await modeOf(path)).toBe(0o600);
        expect(await modeOf(join(tmp.dir, `u${mask}`))).toBe(0o700);
        expect(await modeOf(join(tmp.dir, `u${mask}`, 'nested'))).toBe(0o700);
      });
    },
  );

  it.runIf(posix)('makes a pre-existing 0644 file 0600 (F3)', async () => {
    const path = join(tmp.dir, 'creds.json');
    await writeFile(path, 'old', { mode: 0o644 });
    await chmod(path, 0o644);
    await writeFileAtomic(path, 'new');
    expect(await modeOf(path)).toBe(0o600);
    expect(await readFile(path, 'utf8')).toBe('new');
  });

  it('createDirectories: 0700 parents, an existing directory is fine, a file in the way is a StorageWriteError', async () => {
    const nested = join(tmp.dir, 'a', 'b');
    await createDirectories(nodeCredentialFs, nested);
    await createDirectories(nodeCredentialFs, nested);
    if (posix) expect(await modeOf(join(tmp.dir, 'a'))).toBe(0o700);
    await writeFile(join(tmp.dir, 'file'), 'x');
    const err = await createDirectories(nodeCredentialFs, join(tmp.dir, 'file', 'sub')).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(StorageWriteError);
    expect(err).toMatchObject({ systemCode: 'ENOTDIR', location: join(tmp.dir, 'file', 'sub') });
  });

  it('refuses a missing parent directory unless asked to create it', async () => {
    const path = join(tmp.dir, 'missing', 'creds.json');
    await expect(writeFileAtomic(path, 'x')).rejects.toMatchObject({ systemCode: 'ENOENT' });
    await expect(writeFileAtomic(path, 'x')).rejects.toBeInstanceOf(StorageWriteError);
  });

  it.runIf(posix)(
    'refuses symlinks, valid or dangling, and leaves the target untouched (F1)',
    async () => {
      const target = join(tmp.dir, 'target');
      await writeFile(target, 'original');
      const valid = join(tmp.dir, 'valid');
      const dangling = join(tmp.dir, 'dangling');
      const devnull = join(tmp.dir, 'devnull');
      await symlink(target, valid);
      await symlink(join(tmp.dir, 'nowhere'), dangling);
      await symlink('/dev/null', devnull);
      for (const link of [valid, dangling, devnull]) {
        await expect(writeFileAtomic(link, 'evil')).rejects.toBeInstanceOf(
          CredentialsFileSymbolicLinkError,
        );
      }
      expect(await readFile(target, 'utf8')).toBe('original');
      expect((await readdir(tmp.dir)).sort()).toEqual(['dangling', 'devnull', 'target', 'valid']);
    },
  );

  it('refuses a directory with IsADirectoryError{code: is_a_directory} (F3)', async () => {
    const err = await writeFileAtomic(tmp.dir, 'x').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IsADirectoryError);
    expect(err).toMatchObject({ code: 'is_a_directory' });
  });

  it('calls write -> fsync(file) -> rename -> fsync(dir), in that order (F4)', async () => {
    const { fs, calls } = spyFs();
    await writeFileAtomic(join(tmp.dir, 'creds.json'), 'x', { fs });
    expect(calls).toEqual([
      'open:file',
      'write:file',
      'fsync:file',
      'rename',
      'open:dir',
      'fsync:dir',
    ]);
  });

  it('afterRename: the content is in place at once, the directory fsync waits for finish()', async () => {
    const { fs, calls } = spyFs();
    const path = join(tmp.dir, 'creds.json');
    let finish: (() => Promise<void>) | undefined;
    const afterRename = (f: () => Promise<void>) => {
      finish = f;
    };
    await writeFileAtomic(path, 'new', { fs, afterRename });
    expect(await readFile(path, 'utf8')).toBe('new');
    expect(calls).toEqual(['open:file', 'write:file', 'fsync:file', 'rename']);
    await finish?.();
    expect(calls.slice(4)).toEqual(['open:dir', 'fsync:dir']);
  });

  for (const op of ['write', 'fsync:file', 'rename']) {
    it(`on ENOSPC at ${op}: StorageWriteError{ENOSPC}, original unchanged, no temp file (F5)`, async () => {
      const path = join(tmp.dir, 'creds.json');
      await writeFile(path, 'original');
      const { fs } = spyFs({ op, code: 'ENOSPC' });
      const err = await writeFileAtomic(path, 'new', { fs }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(StorageWriteError);
      expect(err).toMatchObject({ systemCode: 'ENOSPC', location: path });
      expect((err as Error).message).toMatch(/free some space/);
      expect(await readFile(path, 'utf8')).toBe('original');
      expect(await readdir(tmp.dir)).toEqual(['creds.json']);
      await writeFileAtomic(path, 'after');
      expect(await readFile(path, 'utf8')).toBe('after');
    });
  }

  it('aborts without renaming when beforeRename throws', async () => {
    const path = join(tmp.dir, 'creds.json');
    await writeFile(path, 'original');
    const boom = new Error('lock lost');
    await expect(
      writeFileAtomic(path, 'new', {
        beforeRename: () => {
          throw boom;
        },
      }),
    ).rejects.toBe(boom);
    expect(await readFile(path, 'utf8')).toBe('original');
    expect(await readdir(tmp.dir)).toEqual(['creds.json']);
  });

  it('removes temp files orphaned by dead processes, not those of live ones (F4)', async () => {
    const path = join(tmp.dir, 'creds.json');
    // A pid that is certainly dead: a child that already exited.
    const child =
      process.platform === 'win32' ? execFile(process.execPath, ['-e', '0']) : execFile('true');
    await new Promise((resolve) => child.on('exit', resolve));
    const deadPid = child.pid ?? 0;
    const orphan = `.creds.json.${deadPid}.0123456789abcdef.tmp`;
    const live = `.creds.json.${process.ppid}.fedcba9876543210.tmp`;
    const unrelated = '.other.json.1.0123456789abcdef.tmp';
    for (const name of [orphan, live, unrelated]) await writeFile(join(tmp.dir, name), 'partial');
    await writeFileAtomic(path, 'x');
    const left = await readdir(tmp.dir);
    expect(left).not.toContain(orphan);
    expect(left).toContain(live);
    expect(left).toContain(unrelated);
  });
});

// A real full disk: a 64 KiB tmpfs. Mounting needs CAP_SYS_ADMIN; the injected-fs cases above
// cover the same contract where it is not available.
const run = promisify(execFile);
async function mountTinyTmpfs(at: string): Promise<boolean> {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) return false;
  try {
    await run('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', at]);
    return true;
  } catch {
    return false;
  }
}

describe('writeFileAtomic on a full tmpfs (F5)', () => {
  it('fails with ENOSPC, keeps the original, leaves no temp file, and recovers', async (ctx) => {
    const mnt = join(tmp.dir, 'mnt');
    await mkdir(mnt);
    if (!(await mountTinyTmpfs(mnt))) {
      ctx.skip('mounting a tmpfs is not permitted here; the injected-fs cases cover F5');
      return;
    }
    try {
      const path = join(mnt, 'creds.json');
      await writeFileAtomic(path, 'original');
      const err = await writeFileAtomic(path, Buffer.alloc(200 * 1024, 120)).catch(
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(StorageWriteError);
      expect(err).toMatchObject({ systemCode: 'ENOSPC' });
      expect(await readFile(path, 'utf8')).toBe('original');
      expect(await readdir(mnt)).toEqual(['creds.json']);
      const started = Date.now();
      await writeFileAtomic(path, 'after');
      expect(Date.now() - started).toBeLessThan(1000);
      expect(await readFile(path, 'utf8')).toBe('after');
    } finally {
      await run('umount', [mnt]);
    }
  });
});

// node:fs/promises, not node:fs: importing node:fs as ESM loads all of node:stream (~5 ms).
import { constants } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { type CredentialFileHandle, type CredentialFs, nodeCredentialFs } from './file-system.js';
import { removeOrphanTempFiles, tempFileName } from './internal/temp-files.js';
import { checkCredentialPath, errnoOf, ioError } from './safe-read.js';

/** Options for {@link writeFileAtomic}. */
export interface WriteFileAtomicOptions {
  /** Mode of the written file, applied exactly whatever the umask (default `0o600`). */
  mode?: number;
  /** Create missing parent directories with mode `0o700` (default `false`). */
  createDirectories?: boolean;
  /**
   * Called after the temporary file is written and synced, just before the rename; throwing
   * aborts the write (the temporary file is removed, the target is untouched). Storages use it to
   * check that their cross-process lock is still theirs.
   */
  beforeRename?: () => void | Promise<void>;
  /** File-system calls to use (default `node:fs/promises`). */
  fs?: CredentialFs;
  /**
   * Hand the last steps (the directory fsync that makes the rename durable, and the removal of
   * temporary files orphaned by dead writers) to the caller instead of waiting for them: a
   * storage runs `finish` after releasing its lock (`HeldLock.afterRelease`), so that other
   * writers do not wait for it. The new content is in place when `writeFileAtomic` resolves; it
   * is durable once `finish` has resolved, which the caller must await before reporting success.
   */
  afterRename?: (finish: () => Promise<void>) => void;
}

const TEMP_FLAGS =
  constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0);

/**
 * Replace `path` atomically: the data goes to a new temporary file with a random name in the same
 * directory (created with `O_EXCL`, mode 0600), which is fsynced, renamed over `path`, and then
 * the directory is fsynced. A reader sees either the old or the new content, never a mix, and a
 * crash at any point leaves one of the two. The result has mode 0600 even when it replaces a 0644
 * file. A symlink or a directory at `path` is refused before anything is written. On failure the
 * temporary file is removed and the original is unchanged; temporary files orphaned by a crashed
 * process are removed after the next successful write.
 *
 * @throws {CredentialsFileSymbolicLinkError} `path` is a symlink (valid or dangling) or not a
 *   regular file.
 * @throws {IsADirectoryError} `path` is a directory.
 * @throws {StorageWriteError} the write failed (`systemCode` is `ENOSPC`, `EIO`, `EACCES`...).
 * @example
 * await writeFileAtomic('/home/me/.config/app/credentials.json', credentials.toJson());
 */
export async function writeFileAtomic(
  path: string,
  data: string | Uint8Array,
  options: WriteFileAtomicOptions = {},
): Promise<void> {
  const fs = options.fs ?? nodeCredentialFs;
  const mode = options.mode ?? 0o600;
  const dir = dirname(path);
  await checkCredentialPath(path, fs);
  if (options.createDirectories) await createDirectories(fs, dir);

  const temp = join(dir, tempFileName(basename(path)));
  let handle: CredentialFileHandle | undefined;
  let renamed = false;
  try {
    try {
      handle = await fs.open(temp, TEMP_FLAGS, mode);
      // The open mode is filtered by the umask; chmod sets it exactly.
      await handle.chmod(mode);
      await handle.writeFile(data);
      await handle.sync();
      await handle.close();
      handle = undefined;
    } catch (err) {
      throw ioError(`Cannot write ${path}`, path, err);
    }
    await options.beforeRename?.();
    try {
      await fs.rename(temp, path);
      renamed = true;
    } catch (err) {
      throw ioError(`Cannot replace ${path}`, path, err);
    }
  } finally {
    if (!renamed) {
      await handle?.close().catch(() => {});
      await fs.unlink(temp).catch(() => {});
    }
  }
  const finish = async () => {
    await syncDirectory(fs, dir);
    await removeOrphanTempFiles(fs, dir, basename(path));
  };
  if (options.afterRename) options.afterRename(finish);
  else await finish();
}

/**
 * Create `dir` and its missing parents with mode 0700 (an existing directory is fine). Storages
 * call it before taking a lock, whose lock directory lives beside the file.
 *
 * @throws {StorageWriteError} the directory could not be created (`systemCode` is `EACCES`, `ENOTDIR`...).
 * @example
 * await createDirectories(nodeCredentialFs, '/home/me/.config/my-app');
 */
export async function createDirectories(fs: CredentialFs, dir: string): Promise<void> {
  try {
    await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  } catch (err) {
    throw ioError(`Cannot create the directory ${dir}`, dir, err);
  }
}

/**
 * fsync the directory so the rename itself is durable. Some platforms (Windows) cannot open a
 * directory; the rename is then as durable as the platform makes it.
 */
export async function syncDirectory(fs: CredentialFs, dir: string): Promise<void> {
  let handle: CredentialFileHandle;
  try {
    handle = await fs.open(dir, constants.O_RDONLY);
  } catch (err) {
    const code = errnoOf(err);
    if (code === 'EISDIR' || code === 'EPERM' || code === 'EACCES') return;
    throw ioError(`Cannot sync the directory ${dir}`, dir, err);
  }
  try {
    await handle.sync();
  } catch (err) {
    const code = errnoOf(err);
    // Some file systems do not support fsync on directories.
    if (code !== 'EINVAL' && code !== 'ENOTSUP' && code !== 'EPERM' && code !== 'EBADF') {
      throw ioError(`Cannot sync the directory ${dir}`, dir, err);
    }
  } finally {
    await handle.close().catch(() => {});
  }
}

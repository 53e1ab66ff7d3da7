import { constants } from 'node:fs';
import { basename, dirname } from 'node:path';
import { syncDirectory } from './atomic-write.js';
import { type CredentialFileHandle, type CredentialFs, nodeCredentialFs } from './file-system.js';
import { errnoOf, ioError, readCredentialFile } from './safe-read.js';

/** Options for {@link keepCorruptCopy}. */
export interface KeepCorruptCopyOptions {
  /** Epoch milliseconds for the name (default `Date.now()`). */
  now?: number;
  /** File-system calls to use (default `node:fs/promises`). */
  fs?: CredentialFs;
}

const COPY_FLAGS =
  constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0);

/** `20240501T120000123Z` for an epoch time: sortable and valid in a file name everywhere. */
export function compactTimestamp(now: number): string {
  return new Date(now).toISOString().replace(/[-:.]/g, '');
}

/**
 * Copy `path` to `<path>.corrupt-<timestamp>` (mode 0600, never overwriting an existing file)
 * before a corrupt credential store gets replaced, so that nothing is lost. Resolves the copy's
 * path, or `undefined` when there was nothing at `path`.
 *
 * @throws {CredentialsFileSymbolicLinkError} `path` is a symlink.
 * @throws {StorageWriteError} the copy could not be written.
 * @example
 * const kept = await keepCorruptCopy('/home/me/.credentials.json');
 * // '/home/me/.credentials.json.corrupt-20240501T120000123Z'
 */
export async function keepCorruptCopy(
  path: string,
  options: KeepCorruptCopyOptions = {},
): Promise<string | undefined> {
  const fs = options.fs ?? nodeCredentialFs;
  const bytes = await readCredentialFile(path, { fs, maxBytes: Number.MAX_SAFE_INTEGER });
  if (bytes === undefined) return undefined;
  const stem = `${path}.corrupt-${compactTimestamp(options.now ?? Date.now())}`;
  for (let n = 0; ; n++) {
    const target = n === 0 ? stem : `${stem}-${n}`;
    let handle: CredentialFileHandle | undefined;
    try {
      handle = await fs.open(target, COPY_FLAGS, 0o600);
    } catch (err) {
      if (errnoOf(err) === 'EEXIST' && n < 100) continue;
      throw ioError(`Cannot keep a copy of the corrupt file ${basename(path)}`, target, err);
    }
    try {
      await handle.chmod(0o600);
      await handle.writeFile(bytes);
      await handle.sync();
    } catch (err) {
      await handle.close().catch(() => {});
      await fs.unlink(target).catch(() => {});
      throw ioError(`Cannot keep a copy of the corrupt file ${basename(path)}`, target, err);
    }
    await handle.close();
    await syncDirectory(fs, dirname(path));
    return target;
  }
}

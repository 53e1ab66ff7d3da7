// node:fs/promises, not node:fs: importing node:fs as ESM loads all of node:stream (~5 ms).
import { constants } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { syncDirectory } from './atomic-write.js';
import { type CredentialFileHandle, type CredentialFs, nodeCredentialFs } from './file-system.js';
import { fitName } from './internal/temp-files.js';
import { assertRegularFile, errnoOf, ioError, openCredentialFile } from './safe-read.js';

/** Options for {@link keepCorruptCopy}. */
export interface KeepCorruptCopyOptions {
  /** Epoch milliseconds for the name (default `Date.now()`). */
  now?: number;
  /** File-system calls to use (default `node:fs/promises`). */
  fs?: CredentialFs;
}

const COPY_FLAGS =
  constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0);

/** The copy moves through one buffer of this size: a huge corrupt file is never held in memory. */
export const COPY_CHUNK_BYTES = 64 * 1024;

/** `20240501T120000123Z` for an epoch time: sortable and valid in a file name everywhere. */
export function compactTimestamp(now: number): string {
  return new Date(now).toISOString().replace(/[-:.]/g, '');
}

/**
 * Copy `path` to `<path>.corrupt-<timestamp>` (mode 0600, never overwriting an existing file)
 * before a corrupt credential store gets replaced, so that nothing is lost. The source is opened
 * by the one safe reader (no link, no FIFO) and copied in 64 KiB chunks, whatever its size.
 * Resolves the copy's path, or `undefined` when there was nothing at `path`.
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
  const source = await openCredentialFile(path, fs);
  if (source === undefined) return undefined;
  try {
    assertRegularFile(path, await source.stat());
    const suffix = `.corrupt-${compactTimestamp(options.now ?? Date.now())}`;
    // Room for the suffix and a `-NN` counter, even when the store's name is long.
    const stem = join(dirname(path), fitName(basename(path), suffix.length + 4) + suffix);
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
        await copyChunks(source, handle);
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
  } finally {
    await source.close().catch(() => {});
  }
}

async function copyChunks(from: CredentialFileHandle, to: CredentialFileHandle): Promise<void> {
  const buffer = Buffer.allocUnsafe(COPY_CHUNK_BYTES);
  for (;;) {
    const { bytesRead } = await from.read(buffer, 0, buffer.length, null);
    if (bytesRead === 0) return;
    // FileHandle.writeFile writes at the handle's current position, so chunks append in order.
    await to.writeFile(buffer.subarray(0, bytesRead));
  }
}

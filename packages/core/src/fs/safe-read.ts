import type { Stats } from 'node:fs';
// node:fs/promises, not node:fs: importing node:fs as ESM loads all of node:stream (~5 ms).
import { constants } from 'node:fs/promises';
import {
  CredentialsCorruptError,
  CredentialsFileSymbolicLinkError,
  IsADirectoryError,
  StorageWriteError,
} from '../errors.js';
import { checkFileOwnership, tightenFileMode } from './file-ownership.js';
import { type CredentialFs, nodeCredentialFs } from './file-system.js';

/** Default read cap: no credential file is anywhere near this big. */
export const DEFAULT_MAX_CREDENTIAL_FILE_BYTES = 4 * 1024 * 1024;

/** Options for {@link readCredentialFile}. */
export interface ReadCredentialFileOptions {
  /** Refuse files larger than this (default 4 MiB) with `CredentialsCorruptError`. */
  maxBytes?: number;
  /** File-system calls to use (default `node:fs/promises`). */
  fs?: CredentialFs;
  /**
   * Follow a symbolic link at `path` (default false: a link is refused). Files the user names
   * (client secrets, a key file, the ADC file) may be links; stores never are.
   */
  followSymlinks?: boolean;
  /**
   * ssh's rule for private keys (skipped on win32): refuse a file owned by another user (root
   * excepted) or writable by group or others with `InsecureCredentialFileError` (default false).
   */
  requirePrivate?: boolean;
  /**
   * With `requirePrivate`: tighten a file readable by group or others to 0600 (default false).
   * Stores pass it when they read under their lock.
   */
  tighten?: boolean;
}

// O_NOFOLLOW makes open() itself refuse a symlink, so there is no window between a check and the
// open. O_NONBLOCK keeps open() from blocking forever on a FIFO planted at the path; it has no
// effect on regular files. Windows has neither: it falls back to lstat before the open.
const NOFOLLOW = constants.O_NOFOLLOW ?? 0;
const FOLLOW_READ_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);
const READ_FLAGS = FOLLOW_READ_FLAGS | NOFOLLOW;

/** The error for a symlink at `path`. */
export function symlinkError(path: string): CredentialsFileSymbolicLinkError {
  return new CredentialsFileSymbolicLinkError(
    `File: ${path} is a symbolic link. Credentials are never read or written through a link: ` +
      'point the storage at the real file.',
  );
}

/** The error for a directory at `path`. */
export function directoryError(path: string): IsADirectoryError {
  return new IsADirectoryError(
    `${path}: Is a directory. Point the storage at a file path (it is created if missing).`,
    { location: path },
  );
}

/** Throws unless `stats` describes a regular file. */
export function assertRegularFile(path: string, stats: Stats): void {
  if (stats.isSymbolicLink()) throw symlinkError(path);
  if (stats.isDirectory()) throw directoryError(path);
  if (!stats.isFile()) {
    throw new CredentialsFileSymbolicLinkError(
      `${path} is not a regular file (a device, FIFO or socket); refusing to use it for credentials.`,
    );
  }
}

/**
 * Check what is at `path` without following a link: `'missing'` or `'file'`; a symlink (valid or
 * dangling), a directory or any other non-regular file throws.
 *
 * @throws {CredentialsFileSymbolicLinkError} a symbolic link or a non-regular file.
 * @throws {IsADirectoryError} a directory.
 * @example
 * if ((await checkCredentialPath('/home/me/.creds')) === 'missing') console.log('no file yet');
 */
export async function checkCredentialPath(
  path: string,
  fs: CredentialFs = nodeCredentialFs,
): Promise<'missing' | 'file'> {
  let stats: Stats;
  try {
    stats = await fs.lstat(path);
  } catch (err) {
    if (errnoOf(err) === 'ENOENT') return 'missing';
    throw ioError(`Cannot inspect ${path}`, path, err);
  }
  assertRegularFile(path, stats);
  return 'file';
}

/**
 * The one reader of every file the library reads on a user's behalf (stores, client secrets,
 * service-account keys, the ADC file, a corrupt copy's source). It never follows a symbolic link
 * unless asked (the open itself refuses links with `O_NOFOLLOW`), never blocks on a FIFO or a
 * device (`O_NONBLOCK`, then `fstat` must say regular file: no check-then-open race), reads at
 * most `maxBytes`, and can apply ssh's ownership and mode rule. Resolves `undefined` when the
 * file does not exist.
 *
 * @throws {CredentialsFileSymbolicLinkError} the path is a symlink (valid or dangling) or not a
 *   regular file.
 * @throws {IsADirectoryError} the path is a directory.
 * @throws {CredentialsCorruptError} the file is larger than `maxBytes`.
 * @throws {InsecureCredentialFileError} with `requirePrivate`: owned by another user, or
 *   writable by group or others.
 * @throws {StorageWriteError} another I/O error (`EACCES`...), with the system code as `systemCode`.
 * @example
 * const bytes = await readCredentialFile('/home/me/.credentials.json');
 * if (bytes === undefined) console.log('not stored yet');
 */
export async function readCredentialFile(
  path: string,
  options: ReadCredentialFileOptions = {},
): Promise<Buffer | undefined> {
  const fs = options.fs ?? nodeCredentialFs;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_CREDENTIAL_FILE_BYTES;
  const handle = await openCredentialFile(path, fs, options.followSymlinks ?? false);
  if (handle === undefined) return undefined;
  try {
    const stats = await handle.stat();
    assertRegularFile(path, stats);
    if (options.requirePrivate) {
      checkFileOwnership(path, stats);
      if (options.tighten) await tightenFileMode(path, handle, stats);
    }
    return await readBounded(handle, path, maxBytes, stats.size);
  } catch (err) {
    if (errnoOf(err) === 'EISDIR') throw directoryError(path);
    throw err;
  } finally {
    await handle.close().catch(() => {});
  }
}

/**
 * Open `path` for reading the safe way (no link unless `followSymlinks`, never blocking on a FIFO);
 * `undefined` when it does not exist. The caller must `fstat` the handle (see {@link assertRegularFile}).
 *
 * @throws {CredentialsFileSymbolicLinkError} a symlink (without `followSymlinks`).
 * @throws {IsADirectoryError} a directory.
 * @throws {StorageWriteError} another I/O error.
 */
export async function openCredentialFile(
  path: string,
  fs: CredentialFs = nodeCredentialFs,
  followSymlinks = false,
): Promise<Awaited<ReturnType<CredentialFs['open']>> | undefined> {
  if (!followSymlinks && NOFOLLOW === 0 && (await checkCredentialPath(path, fs)) === 'missing')
    return undefined;
  let handle: Awaited<ReturnType<CredentialFs['open']>>;
  try {
    handle = await fs.open(path, followSymlinks ? FOLLOW_READ_FLAGS : READ_FLAGS);
  } catch (err) {
    const code = errnoOf(err);
    if (code === 'ENOENT') return undefined;
    // Linux and macOS answer ELOOP when the last component is a link (FreeBSD: EMLINK).
    if (code === 'ELOOP' || code === 'EMLINK') throw symlinkError(path);
    if (code === 'EISDIR') throw directoryError(path);
    throw ioError(`Cannot open ${path}`, path, err);
  }
  return handle;
}

async function readBounded(
  handle: Awaited<ReturnType<CredentialFs['open']>>,
  path: string,
  maxBytes: number,
  expectedSize: number,
): Promise<Buffer> {
  // One buffer of the size fstat reported (plus one byte to notice growth), grown if needed.
  let buffer = Buffer.allocUnsafe(Math.min(expectedSize, maxBytes) + 1);
  let total = 0;
  for (;;) {
    if (total === buffer.length) {
      const grown = Buffer.allocUnsafe(Math.min(buffer.length * 2, maxBytes + 1));
      buffer.copy(grown, 0, 0, total);
      buffer = grown;
    }
    const wanted = buffer.length - total;
    const { bytesRead } = await handle.read(buffer, total, wanted, null);
    total += bytesRead;
    if (bytesRead === 0) break;
    // fstat's size read whole, and nothing more: the end (one read fewer than reading on to 0
    // bytes). A short read before that size (a network file system) reads on.
    if (bytesRead < wanted && total === expectedSize) break;
    if (total > maxBytes) {
      throw new CredentialsCorruptError(
        `The credentials file ${path} is larger than ${maxBytes} bytes, so it cannot be a ` +
          'credential store. Move it aside or point the storage at another path.',
        { location: path },
      );
    }
  }
  return buffer.subarray(0, total);
}

/** The `code` of a Node system error, if any. */
export function errnoOf(err: unknown): string | undefined {
  if (typeof err === 'object' && err !== null && 'code' in err) {
    const code = (err as { code: unknown }).code;
    return typeof code === 'string' ? code : undefined;
  }
  return undefined;
}

/** Wrap a system error as `StorageWriteError` with its code; the message says what failed. */
export function ioError(what: string, path: string, err: unknown): StorageWriteError {
  const code = errnoOf(err);
  const hint =
    code === 'ENOSPC' || code === 'EDQUOT'
      ? ' The disk (or quota) is full: free some space and retry.'
      : code === 'EACCES' || code === 'EPERM'
        ? ' Check the permissions of the file and its directory.'
        : code === 'EROFS'
          ? ' The file system is read-only.'
          : '';
  return new StorageWriteError(`${what}: ${code ?? 'I/O error'}.${hint}`, {
    cause: err,
    location: path,
    ...(code === undefined ? {} : { systemCode: code }),
  });
}

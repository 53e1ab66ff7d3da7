import type { Stats } from 'node:fs';
import { InsecureCredentialFileError } from '../errors.js';
import type { CredentialFileHandle } from './file-system.js';
import { ioError } from './safe-read.js';

const GROUP_OTHER_WRITE = 0o022;
const GROUP_OTHER_READ = 0o044;

/**
 * ssh's rule for private keys, applied to credential files and stores: the file must be owned by
 * the current user (or root) and not writable by group or others, else anyone who can write it
 * can plant a credential of their own. Skipped on win32 (no POSIX modes).
 *
 * @throws {InsecureCredentialFileError} with the command that fixes it.
 * @example
 * checkFileOwnership(path, await handle.stat());
 */
export function checkFileOwnership(path: string, stats: Stats): void {
  if (process.platform === 'win32' || typeof process.getuid !== 'function') return;
  const uid = process.getuid();
  if (stats.uid !== uid && stats.uid !== 0) {
    throw new InsecureCredentialFileError(
      `${path} is owned by another user (uid ${stats.uid}), so it cannot be trusted to hold your ` +
        `credentials. Fix: chown ${uid} '${path}' && chmod 600 '${path}' (or remove it and sign in again).`,
      { location: path },
    );
  }
  if ((stats.mode & GROUP_OTHER_WRITE) !== 0) {
    throw new InsecureCredentialFileError(
      `${path} is writable by group or others (mode ${(stats.mode & 0o777).toString(8)}), so ` +
        `anyone could plant a credential in it. Fix: chmod 600 '${path}'.`,
      { location: path },
    );
  }
}

/**
 * Tighten a file readable by group or others to 0600 (through the open handle, so it is the file
 * that was checked). Called by stores at their first locked access. Skipped on win32.
 *
 * @throws {StorageWriteError} the mode could not be changed.
 */
export async function tightenFileMode(
  path: string,
  handle: Pick<CredentialFileHandle, 'chmod'>,
  stats: Stats,
): Promise<boolean> {
  if (process.platform === 'win32') return false;
  if ((stats.mode & GROUP_OTHER_READ) === 0) return false;
  try {
    await handle.chmod(0o600);
  } catch (err) {
    throw ioError(`Cannot restrict ${path} to mode 0600`, path, err);
  }
  return true;
}

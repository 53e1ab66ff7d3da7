import { join } from 'node:path';
import type { CredentialFs } from '../file-system.js';

// Temporary files are named `.<target>.<pid>.<random>.tmp` in the target's directory: hidden, next
// to the target (so the rename stays on one file system), and tagged with the writer's pid so that
// a later writer can tell an orphan of a dead process from a write in flight.
const TEMP_SUFFIX = /^(\d+)\.[0-9a-f]{16}\.tmp$/;

/** The longest file name most file systems take (ext4, xfs, btrfs, APFS, NTFS): 255 bytes. */
export const NAME_MAX_BYTES = 255;
// `.` + stem + `.` + pid (at most 10 digits) + `.` + 16 hex + `.tmp`.
const TEMP_OVERHEAD_BYTES = 1 + 1 + 10 + 1 + 16 + 4;

/** The part of the temporary name that stands for `target` (see {@link fitName}). */
export function tempStem(target: string): string {
  return fitName(target, TEMP_OVERHEAD_BYTES);
}

/**
 * `target` when `reservedBytes` more still fit in a file name, else its start cut on a character
 * boundary plus `~` and a hash of the whole name: a long name that fits the file system still
 * gets a derived name (temporary file, corrupt copy) that fits too, and always the same one.
 */
export function fitName(target: string, reservedBytes: number): string {
  const budget = NAME_MAX_BYTES - reservedBytes;
  if (Buffer.byteLength(target) <= budget) return target;
  const hash = nodeCrypto().createHash('sha256').update(target).digest('hex').slice(0, 12);
  let cut = '';
  let bytes = 0;
  for (const ch of target) {
    const size = Buffer.byteLength(ch);
    if (bytes + size > budget - hash.length - 1) break;
    cut += ch;
    bytes += size;
  }
  return `${cut}~${hash}`;
}

/** A fresh temporary file name for `target` (a base name). */
export function tempFileName(target: string): string {
  return `.${tempStem(target)}.${process.pid}.${nodeCrypto().randomBytes(8).toString('hex')}.tmp`;
}

/** Whether `name` is one of our temporary files for `target`, and the pid that wrote it. */
export function tempFileOwner(name: string, target: string): number | undefined {
  const prefix = `.${tempStem(target)}.`;
  if (!name.startsWith(prefix)) return undefined;
  const match = TEMP_SUFFIX.exec(name.slice(prefix.length));
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as { code?: string }).code === 'EPERM';
  }
}

/**
 * Remove temporary files for `target` left by processes that died mid-write. Files of live
 * processes (including this one) are left alone: they may be writes in flight. Best effort.
 */
export async function removeOrphanTempFiles(
  fs: CredentialFs,
  dir: string,
  target: string,
): Promise<number> {
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch {
    return 0;
  }
  let removed = 0;
  for (const name of names) {
    const pid = tempFileOwner(name, target);
    if (pid === undefined || pid === process.pid || isAlive(pid)) continue;
    try {
      await fs.unlink(join(dir, name));
      removed++;
    } catch {
      // Another writer removed it first, or it is not ours to remove.
    }
  }
  return removed;
}

/** `node:crypto`, loaded on first use: a process that only reads files never pays for it. */
function nodeCrypto(): typeof import('node:crypto') {
  return process.getBuiltinModule('node:crypto');
}

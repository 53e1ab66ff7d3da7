import type { Stats } from 'node:fs';
import * as nodeFs from 'node:fs/promises';

/** The part of an open file handle that the credential-file helpers use. */
export interface CredentialFileHandle {
  stat(): Promise<Stats>;
  read(
    buffer: Uint8Array,
    offset: number,
    length: number,
    position: number | null,
  ): Promise<{ bytesRead: number }>;
  writeFile(data: string | Uint8Array): Promise<void>;
  sync(): Promise<void>;
  chmod(mode: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * The file-system calls the credential-file helpers make, structurally a subset of
 * `node:fs/promises`. Injectable so that tests can interpose faults (ENOSPC, a crash at a given
 * step) and observe the order of system calls; everything else uses the real `node:fs/promises`.
 */
export interface CredentialFs {
  open(path: string, flags: number, mode?: number): Promise<CredentialFileHandle>;
  lstat(path: string): Promise<Stats>;
  mkdir(path: string, options: { recursive: true; mode: number }): Promise<string | undefined>;
  rename(from: string, to: string): Promise<void>;
  unlink(path: string): Promise<void>;
  readdir(path: string): Promise<string[]>;
}

/** The real file system. */
export const nodeCredentialFs: CredentialFs = {
  open: (path, flags, mode) => nodeFs.open(path, flags, mode),
  lstat: (path) => nodeFs.lstat(path),
  mkdir: (path, options) => nodeFs.mkdir(path, options),
  rename: (from, to) => nodeFs.rename(from, to),
  unlink: (path) => nodeFs.unlink(path),
  readdir: (path) => nodeFs.readdir(path),
};

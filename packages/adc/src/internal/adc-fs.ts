import { lstat, stat } from 'node:fs/promises';
import { readCredentialFile } from '@oauth2/core/fs';

/** No ADC file or gcloud configuration is anywhere near this big. */
const MAX_READ_BYTES = 1024 * 1024;

/** The file-system calls ADC makes (all reads). Injectable to count or fake them in tests. */
export interface AdcFileSystem {
  /** Follows symlinks. */
  stat(path: string): Promise<{ isFile(): boolean; isDirectory(): boolean; size: number }>;
  /** Does not follow symlinks. */
  lstat(path: string): Promise<{ isSymbolicLink(): boolean }>;
  readFile(path: string, encoding: 'utf8'): Promise<string>;
}

/**
 * `node:fs/promises`, with reads through core's one reader: a FIFO or device fails fast, the size
 * is capped, and ssh's rule applies (owned by you or root, not writable by group or others).
 */
export const nodeAdcFileSystem: AdcFileSystem = {
  stat,
  lstat,
  readFile: async (path) => {
    const bytes = await readCredentialFile(path, {
      followSymlinks: true,
      maxBytes: MAX_READ_BYTES,
      requirePrivate: true,
    });
    if (bytes === undefined) {
      throw Object.assign(new Error(`ENOENT: no such file or directory, open '${path}'`), {
        code: 'ENOENT',
      });
    }
    return bytes.toString('utf8');
  },
};

/** The `code` of a Node system error, if any. */
export function errnoOf(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

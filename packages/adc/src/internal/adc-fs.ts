import { lstat, readFile, stat } from 'node:fs/promises';

/** The file-system calls ADC makes (all reads). Injectable to count or fake them in tests. */
export interface AdcFileSystem {
  /** Follows symlinks. */
  stat(path: string): Promise<{ isFile(): boolean; isDirectory(): boolean; size: number }>;
  /** Does not follow symlinks. */
  lstat(path: string): Promise<{ isSymbolicLink(): boolean }>;
  readFile(path: string, encoding: 'utf8'): Promise<string>;
}

/** `node:fs/promises`. */
export const nodeAdcFileSystem: AdcFileSystem = { stat, lstat, readFile };

/** The `code` of a Node system error, if any. */
export function errnoOf(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

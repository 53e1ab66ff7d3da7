import { homedir } from 'node:os';
import { resolve } from 'node:path';
import type { Clock, CredentialsRuntimeOptions } from '@oauth2/core';
import type { CredentialFs } from '@oauth2/core/fs';
import { StoreFile } from './internal/store-file.js';
import type { MultistoreKey } from './multistore-key.js';
import { MultistoreStorage } from './multistore-storage.js';

/** Options of a {@link Multistore} (and of the `getCredentialStorage*` functions). */
export interface MultistoreOptions {
  /** Wait at most this long for the file's lock, then throw `LockTimeoutError` (default 30 000 ms). */
  lockWaitMs?: number | undefined;
  /**
   * A lock not refreshed for this long belongs to a dead process and is taken over
   * (default 10 000 ms, minimum 2 000).
   */
  staleMs?: number | undefined;
  /**
   * Treat a corrupt file as empty instead of failing: the next write first keeps it as
   * `<file>.corrupt-<timestamp>` (mode 0600). Default `false`: a corrupt file fails closed.
   */
  repair?: boolean | undefined;
  /** Create missing parent directories (mode 0700) on first use (default `true`). */
  createDirectories?: boolean | undefined;
  /** Passed to the credentials read from the file (fetch, clock...). */
  credentialsOptions?: CredentialsRuntimeOptions | undefined;
  /** Clock for the `.corrupt-<timestamp>` names (default: the system clock). */
  clock?: Clock | undefined;
  /** File-system calls (default `node:fs/promises`); for tests that inject faults. */
  fs?: CredentialFs | undefined;
}

/** `~` and `~/...` expand to the home directory, as oauth2client's `os.path.expanduser` did. */
function expandPath(path: string): string {
  if (path === '~') return homedir();
  if (path.startsWith('~/')) return resolve(homedir(), path.slice(2));
  return resolve(path);
}

/**
 * Many credentials in one file, each under a key, compatible with oauth2client 1.5.2's
 * `multistore_file` (`file_version: 1`, written byte-for-byte as Python does) and readable in
 * oauth2client 4.x's `multiprocess_file_storage` format (`file_version: 2`, written back as 2).
 * All storages obtained from one `Multistore` share its in-process lock queue; across processes
 * they share the file's lock (`<file>.lock`).
 *
 * @example
 * const store = new Multistore('~/.config/my-app/credentials.json');
 * const work = store.storage({ key: 'work' });
 * await work.put(credentials);
 * console.log(await store.keys()); // [{ key: 'work' }]
 */
export class Multistore {
  /** The absolute path of the file. */
  readonly path: string;
  readonly #file: StoreFile;

  constructor(path: string, options: MultistoreOptions = {}) {
    this.path = expandPath(path);
    this.#file = new StoreFile(this.path, options);
  }

  /**
   * The storage of one key. Keys compare by content: `{ a, b }` and `{ b, a }` are the same key.
   *
   * @throws {MultistoreKeyError} the key is empty or holds a non-primitive value.
   */
  storage(key: MultistoreKey): MultistoreStorage {
    return new MultistoreStorage(this.#file, key);
  }

  /**
   * Every key in the file, in file order (under the lock). A missing file has none.
   *
   * @throws {CredentialsCorruptError} the file is corrupt (and `repair` is off).
   * @throws {NewerCredentialStoreError} the file has a newer `file_version`.
   * @throws {LockTimeoutError} the lock stayed busy for `lockWaitMs`.
   */
  async keys(): Promise<MultistoreKey[]> {
    const held = await this.#file.lock();
    try {
      const { data } = await this.#file.read();
      return data.entries.flatMap((e) => (e.key ? [{ ...e.key }] : []));
    } finally {
      await held.release();
    }
  }
}

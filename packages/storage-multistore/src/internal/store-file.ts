import { CredentialsCorruptError, type CredentialsRuntimeOptions } from '@oauth2/core';
import { type HeldLock, LockedCredentialFile } from '@oauth2/core/fs';
import lockfile from 'proper-lockfile';
import type { MultistoreOptions } from '../multistore.js';
import { emptyStore, parseStore, type StoreData, serializeStore } from './store-format.js';
import type { V1Entry } from './v1-layout.js';

/** Multistore files hold many entries; still, nothing legitimate comes near this. */
const MAX_STORE_BYTES = 64 * 1024 * 1024;

/** A store as read: the data, and whether it replaced a corrupt file (repair mode). */
export interface ReadStore {
  data: StoreData;
  corrupt: boolean;
}

/**
 * The file behind a multistore: its lock, and the read-modify-write cycle. Every change re-reads
 * the file under the lock, changes one entry and rewrites the whole file atomically, so
 * concurrent writers never lose each other's entries and a deleted key never comes back.
 */
export class StoreFile {
  readonly path: string;
  readonly credentialsOptions: CredentialsRuntimeOptions;
  readonly #file: LockedCredentialFile;
  readonly #repair: boolean;
  /** The version 1 entries last read or written: a re-read parses only what changed since. */
  #previous: readonly V1Entry[] = [];

  constructor(path: string, options: MultistoreOptions) {
    this.path = path;
    this.credentialsOptions = options.credentialsOptions ?? {};
    this.#repair = options.repair ?? false;
    // Not `<file>.lock`: oauth2client 4.x (fasteners) keeps a plain file by that name for ever,
    // and its fcntl lock cannot be shared from Node anyway.
    this.#file = new LockedCredentialFile(path, {
      lockfile,
      lockPath: `${path}.oauth2.lock`,
      fs: options.fs,
      clock: options.clock,
      createDirectories: options.createDirectories,
      waitMs: options.lockWaitMs ?? 30_000,
      ...(options.staleMs === undefined ? {} : { staleMs: options.staleMs }),
    });
  }

  /** Check the path (no symlink, no directory) before any lock is taken, then lock. */
  lock(): Promise<HeldLock> {
    return this.#file.lock();
  }

  /**
   * Read and parse the file (hold the lock). A missing file is an empty store. A corrupt one
   * throws, unless repair mode treats it as empty (it is kept aside at the next write).
   */
  async read(): Promise<ReadStore> {
    try {
      // ssh's rule for the store; one only readable by others is tightened to 0600.
      const bytes = await this.#file.read(MAX_STORE_BYTES);
      return {
        data:
          bytes === undefined
            ? emptyStore()
            : this.#remember(parseStore(bytes, this.path, this.#previous)),
        corrupt: false,
      };
    } catch (err) {
      if (this.#repair && err instanceof CredentialsCorruptError) {
        return { data: emptyStore(), corrupt: true };
      }
      throw err;
    }
  }

  /**
   * Re-read, apply `change`, and write the result atomically (hold the lock). `change` returns
   * false when nothing changed, and then nothing is written.
   */
  async update(held: HeldLock | undefined, change: (data: StoreData) => boolean): Promise<void> {
    const { data, corrupt } = await this.read();
    if (!change(data) && !corrupt) return;
    if (corrupt) await this.#file.keepCorruptCopy();
    await this.#file.write(serializeStore(data), held);
    this.#remember(data);
  }

  #remember(data: StoreData): StoreData {
    this.#previous =
      data.version === 1 ? data.entries.filter((e): e is V1Entry => e.bytes !== undefined) : [];
    return data;
  }
}

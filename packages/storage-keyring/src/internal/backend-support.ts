import { AsyncMutex } from '@oauth2/core';

/** Per-entry in-process locks of one backend object. */
export class EntryLocks {
  readonly #locks = new Map<string, AsyncMutex>();

  /** The mutex of `(service, account)`, created on first use. */
  lockFor(service: string, account: string): AsyncMutex {
    const id = JSON.stringify([service, account]);
    let mutex = this.#locks.get(id);
    if (!mutex) {
      mutex = new AsyncMutex();
      this.#locks.set(id, mutex);
    }
    return mutex;
  }
}

/**
 * The largest keyring value on this platform: Windows Credential Manager blobs hold 2 560 bytes
 * (`CRED_MAX_CREDENTIAL_BLOB_SIZE`); elsewhere there is no practical limit, and 1 MiB is a sanity cap.
 */
export function platformMaxValueBytes(encoding: 'utf8' | 'utf16le'): number {
  if (process.platform !== 'win32') return 1024 * 1024;
  // Credential JSON is ASCII (oauth2client escapes the rest), so UTF-16 takes 2 bytes a character.
  return encoding === 'utf16le' ? 1280 : 2560;
}

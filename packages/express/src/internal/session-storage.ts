import {
  AsyncMutex,
  type CredentialsRuntimeOptions,
  HeldLockStorage,
  OAuth2Credentials,
} from '@oauth2/core';
import type { SessionHandle } from './session-handle.js';
import { SESSION_KEYS } from './session-keys.js';

/** One in-process mutex per session id, dropped when nobody holds or waits for it. */
export class SessionLocks {
  readonly #locks = new Map<string, { mutex: AsyncMutex; users: number }>();

  async acquire(id: string): Promise<() => void> {
    let entry = this.#locks.get(id);
    if (!entry) {
      entry = { mutex: new AsyncMutex(), users: 0 };
      this.#locks.set(id, entry);
    }
    entry.users++;
    const release = await entry.mutex.acquire();
    const held = entry;
    return () => {
      release();
      held.users--;
      if (held.users === 0 && this.#locks.get(id) === held) this.#locks.delete(id);
    };
  }
}

/**
 * The session as a credential `Storage` (the original's `FlaskSessionStorage`): oauth2client
 * credential JSON under `google_oauth2_credentials`. The lock is per session and in-process; a
 * refresh under it re-reads the session from its store first, so two requests of one session
 * refresh once. (Across processes, give `createOAuth2` a `storage` with a cross-process lock.)
 */
export class SessionStorage extends HeldLockStorage<{ release(): void }> {
  readonly #session: SessionHandle;
  readonly #locks: SessionLocks;
  readonly #runtime: CredentialsRuntimeOptions;

  constructor(session: SessionHandle, locks: SessionLocks, runtime: CredentialsRuntimeOptions) {
    super();
    this.#session = session;
    this.#locks = locks;
    this.#runtime = runtime;
  }

  /** The credential in the session data as this request sees it (no store read, no lock). */
  current(): OAuth2Credentials | undefined {
    const json = this.#session.data[SESSION_KEYS.credentials];
    if (typeof json !== 'string') return undefined;
    const credentials = OAuth2Credentials.fromJson(json, this.#runtime);
    credentials.setStore(this);
    return credentials;
  }

  protected override async takeLock(): Promise<{ release(): void }> {
    return { release: await this.#locks.acquire(this.#session.id) };
  }

  override async lockedGet(): Promise<OAuth2Credentials | undefined> {
    const stored = await this.#session.readStored();
    const json = stored?.[SESSION_KEYS.credentials];
    if (typeof json === 'string') this.#session.data[SESSION_KEYS.credentials] = json;
    return this.current();
  }

  override async lockedPut(credentials: OAuth2Credentials): Promise<void> {
    this.#session.data[SESSION_KEYS.credentials] = credentials.toJson();
    await this.#session.save();
  }

  override async lockedDelete(): Promise<void> {
    delete this.#session.data[SESSION_KEYS.credentials];
    await this.#session.save();
  }
}

import { type CredentialsRuntimeOptions, OAuth2Credentials, type Storage } from '@oauth2/core';
import type { SessionHandle } from './session-handle.js';
import { SESSION_KEYS, sessionUser } from './session-keys.js';
import { type SessionLocks, SessionStorage } from './session-storage.js';

/** A user storage factory (`createOAuth2({ storage })`). */
export type UserStorage = (userId: string) => Storage | Promise<Storage>;

/**
 * Where a signed-in user's credentials live: the session (default) or a `Storage` per verified
 * `sub`. Loaded credentials are attached to their store, so their refreshes run under its lock
 * and are written back.
 */
export class CredentialSource {
  readonly #storage: UserStorage | undefined;
  readonly #locks: SessionLocks;
  readonly #runtime: CredentialsRuntimeOptions;

  constructor(
    storage: UserStorage | undefined,
    locks: SessionLocks,
    runtime: CredentialsRuntimeOptions,
  ) {
    this.#storage = storage;
    this.#locks = locks;
    this.#runtime = runtime;
  }

  /** The signed-in user's credentials, or undefined. */
  async load(session: SessionHandle): Promise<OAuth2Credentials | undefined> {
    const user = sessionUser(session.data);
    if (!user) return undefined;
    if (!this.#storage) return new SessionStorage(session, this.#locks, this.#runtime).current();
    return this.#fromStorage(user.sub);
  }

  /** The credentials already stored for `userId` (to keep a refresh token), or undefined. */
  async existing(session: SessionHandle, userId: string): Promise<OAuth2Credentials | undefined> {
    if (this.#storage) return this.#fromStorage(userId);
    return sessionUser(session.data)?.sub === userId ? this.load(session) : undefined;
  }

  /** Store the credentials of `userId` (the session's user from now on). */
  async save(
    session: SessionHandle,
    userId: string,
    credentials: OAuth2Credentials,
  ): Promise<void> {
    if (!this.#storage) {
      session.data[SESSION_KEYS.credentials] = credentials.toJson();
      return;
    }
    const store = await this.#storage(userId);
    await store.put(credentials);
    credentials.setStore(store);
  }

  /** Delete the stored credentials of the session's user. */
  async remove(session: SessionHandle): Promise<void> {
    const user = sessionUser(session.data);
    delete session.data[SESSION_KEYS.credentials];
    if (user && this.#storage) await (await this.#storage(user.sub)).delete();
  }

  async #fromStorage(userId: string): Promise<OAuth2Credentials | undefined> {
    const store = await (this.#storage as UserStorage)(userId);
    const credentials = await store.get();
    return credentials instanceof OAuth2Credentials ? credentials : undefined;
  }
}

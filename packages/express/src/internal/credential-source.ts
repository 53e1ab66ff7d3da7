import { type CredentialsRuntimeOptions, OAuth2Credentials, type Storage } from '@oauth2/core';
import {
  type CredentialSummary,
  summarizeCredentials,
  summarizeJson,
} from './credential-summary.js';
import type { SessionHandle } from './session-handle.js';
import { SESSION_KEYS, type SessionUser, sessionUser } from './session-keys.js';
import { type SessionLocks, SessionStorage } from './session-storage.js';

/** One request's view of the signed-in user's credentials; both parts are computed once, on demand. */
export interface CredentialAccess {
  credentials(): OAuth2Credentials | undefined;
  summary(): CredentialSummary | undefined;
}

function memo<T>(compute: () => T): () => T {
  let done = false;
  let value: T;
  return () => {
    if (!done) {
      value = compute();
      done = true;
    }
    return value;
  };
}

const NONE: CredentialAccess = { credentials: () => undefined, summary: () => undefined };

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

  /**
   * The signed-in user's credentials for this request. From the session nothing is parsed until
   * asked for (a protected route usually needs the summary only); from a `Storage` they are read
   * now (storages are asynchronous).
   */
  access(
    session: SessionHandle,
    user: SessionUser | undefined,
    now: number,
  ): CredentialAccess | Promise<CredentialAccess> {
    if (!user) return NONE;
    if (!this.#storage) {
      const json = session.data[SESSION_KEYS.credentials];
      if (typeof json !== 'string') return NONE;
      return {
        credentials: memo(() => new SessionStorage(session, this.#locks, this.#runtime).current()),
        summary: memo(() => summarizeJson(json, now)),
      };
    }
    return this.#fromStorage(user.sub).then((credentials) => ({
      credentials: () => credentials,
      summary: memo(() => (credentials ? summarizeCredentials(credentials, now) : undefined)),
    }));
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

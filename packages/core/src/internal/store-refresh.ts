import type { Credentials } from '../credentials.js';
import {
  AccessTokenRefreshError,
  CredentialsRevokedError,
  HttpAccessTokenRefreshError,
} from '../errors.js';
import type { Storage } from '../storage.js';
import { SingleFlight } from '../sync/single-flight.js';
import type { TokenResponse } from '../wire/token-response.js';

/** What tells two states of a credential apart: its tokens and whether it was refused. */
export interface TokenState {
  accessToken: string | null;
  refreshToken: string | null;
  invalid: boolean;
}

/** The credential a {@link StoreRefresh} refreshes (closures over its private state). */
export interface RefreshHost {
  /** The credential itself, as written to the store. */
  readonly credentials: Credentials;
  store(): Storage<Credentials> | undefined;
  state(): TokenState;
  /** The state of a stored credential; undefined when it is not an OAuth2 credential. */
  stateOf(stored: Credentials): TokenState | undefined;
  /** Take every token field of `stored` (its state is {@link stateOf}). */
  adopt(stored: Credentials): void;
  needsRefresh(): boolean;
  /** The one hook: obtain a token response (token endpoint, metadata server, self-signed...). */
  fetchToken(signal: AbortSignal): Promise<TokenResponse>;
  applyResponse(response: TokenResponse): void;
  markInvalid(): void;
  onStoreError: ((error: unknown) => void) | undefined;
}

function sameState(a: TokenState | undefined, b: TokenState | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return (
    a.accessToken === b.accessToken && a.refreshToken === b.refreshToken && a.invalid === b.invalid
  );
}

/** The server refused the grant itself (`invalid_grant`...), as opposed to failing. */
function grantRefused(err: unknown): boolean {
  return err instanceof HttpAccessTokenRefreshError && !err.retryable && err.error !== undefined;
}

/** Where a locked refresh stands with its store. */
interface Locked {
  store: Storage<Credentials>;
  /** The stored state read under the lock (what a write replaces). */
  basis: TokenState | undefined;
  /** The store held this credential once and now holds nothing: never write it back. */
  deleted: boolean;
}

/**
 * The refresh machinery of every OAuth2 credential, written once: single-flight (concurrent
 * callers share one refresh; it stops only when every waiter aborted), and with a store attached,
 * everything under the store's lock, deciding against what is stored now:
 *
 * - the store is re-read first; a stored credential whose tokens differ from ours is adopted
 *   (the store holds the newest state: every write goes through this lock), so the token
 *   request always carries the newest refresh token the store holds, and is made only when the
 *   adopted access token is stale too;
 * - `invalid_grant`: the store is re-read before marking the credential invalid, and a refresh
 *   token rotated there meanwhile (by a writer that ignores our lock) is adopted instead;
 * - a failed write keeps the new state in memory (callers get their token), reports the error to
 *   `onStoreError`, and is retried on the next access under the lock, unless the store changed
 *   meanwhile, in which case the store wins;
 * - a store that held the credential and now holds nothing was deleted: it is never re-created;
 * - {@link revoke} waits for the refresh in flight, and nothing started before it is applied or
 *   written after it; a revoked credential is never refreshed again.
 */
export class StoreRefresh {
  readonly #host: RefreshHost;
  readonly #flight = new SingleFlight<void>();
  /** The store held this credential at some point: a later absence means it was deleted. */
  #seen = false;
  /** A write that failed: memory is newer than the store, which then held `basis`. */
  #unsaved: { basis: TokenState | undefined } | undefined;
  #revoking: Promise<void> | undefined;
  #revoked = false;
  /** Bumped by a revoke: a refresh that started under another generation is not applied. */
  #generation = 0;

  constructor(host: RefreshHost) {
    this.#host = host;
  }

  /** A store was attached: `loaded` when the credential was just read from it. */
  attached(loaded: boolean): void {
    this.#seen = loaded;
    this.#unsaved = undefined;
  }

  /** Whether a write failed and waits for the next access. */
  get pendingWrite(): boolean {
    return this.#unsaved !== undefined;
  }

  /**
   * Refresh (or, with `force` false, only synchronise with the store and refresh if still
   * needed). Concurrent calls share one run.
   */
  run(signal: AbortSignal | undefined, force: boolean): Promise<void> {
    return this.#flight.run((s) => this.#run(s, force), signal);
  }

  /**
   * Revoke with `send` (the server call) once the refresh in flight has settled, holding the
   * store's lock: the newest stored token is adopted first (so the newest one is revoked), then the
   * stored credential is deleted.
   */
  revoke(send: () => Promise<void>): Promise<void> {
    const run = (async () => {
      await this.#flight.settled();
      const store = this.#host.store();
      if (!store) {
        await send();
        this.#markRevoked();
        return;
      }
      await store.acquireLock();
      try {
        await this.#sync(store, { writes: false });
        await send();
        this.#markRevoked();
        this.#unsaved = undefined;
        await store.lockedDelete();
      } finally {
        await store.releaseLock();
      }
    })();
    this.#revoking = run;
    return run.finally(() => {
      if (this.#revoking === run) this.#revoking = undefined;
    });
  }

  #markRevoked(): void {
    this.#revoked = true;
    this.#generation++;
  }

  async #run(signal: AbortSignal, force: boolean): Promise<void> {
    await this.#revoking?.catch(() => {});
    this.#assertLive(this.#generation);
    const generation = this.#generation;
    const host = this.#host;
    const store = host.store();
    if (!store) {
      if (force || host.needsRefresh()) await this.#request(signal, generation, undefined, false);
      return;
    }
    await store.acquireLock();
    try {
      this.#assertLive(generation);
      const { adopted, locked } = await this.#sync(store, { writes: true });
      if (adopted ? !host.needsRefresh() : !(force || host.needsRefresh())) return;
      await this.#request(signal, generation, locked, false);
    } finally {
      await store.releaseLock();
    }
  }

  #assertLive(generation: number): void {
    if (this.#revoked || generation !== this.#generation) {
      throw new CredentialsRevokedError(
        'The credential was revoked; it is not refreshed again. Sign in again for a new one.',
      );
    }
  }

  /** Re-read the store and reconcile (hold the lock). */
  async #sync(
    store: Storage<Credentials>,
    options: { writes: boolean },
  ): Promise<{ adopted: boolean; locked: Locked }> {
    const host = this.#host;
    const stored = await store.lockedGet();
    const storedState = stored === undefined ? undefined : host.stateOf(stored);
    const locked: Locked = { store, basis: storedState, deleted: false };
    if (stored === undefined) {
      if (this.#seen) {
        this.#unsaved = undefined;
        locked.deleted = true;
      } else if (this.#unsaved && options.writes) {
        await this.#write(locked, true);
      }
      return { adopted: false, locked };
    }
    if (storedState === undefined) return { adopted: false, locked };
    this.#seen = true;
    if (this.#unsaved) {
      if (sameState(storedState, this.#unsaved.basis)) {
        if (options.writes) await this.#write(locked, true);
        return { adopted: false, locked };
      }
      this.#unsaved = undefined;
    }
    const mine = host.state();
    if (sameState(storedState, mine)) return { adopted: false, locked };
    // A stored token that was refused is no better than ours, unless ours is that same token.
    if (storedState.invalid && storedState.refreshToken !== mine.refreshToken) {
      return { adopted: false, locked };
    }
    host.adopt(stored);
    if (storedState.invalid) {
      // Another process had this very refresh token refused: sending it again is a replay.
      throw new AccessTokenRefreshError(
        'The stored credential was marked invalid by another process (its refresh token was ' +
          'refused); sign in again.',
        { code: 'invalid_grant' },
      );
    }
    return { adopted: true, locked };
  }

  async #request(
    signal: AbortSignal,
    generation: number,
    locked: Locked | undefined,
    retried: boolean,
  ): Promise<void> {
    const host = this.#host;
    const sent = host.state().refreshToken;
    let response: TokenResponse;
    try {
      response = await host.fetchToken(signal);
    } catch (err) {
      if (!grantRefused(err)) throw err;
      if (locked && !retried && (await this.#adoptRotated(locked, sent, generation))) {
        if (!host.needsRefresh()) return;
        return this.#request(signal, generation, locked, true);
      }
      this.#assertLive(generation);
      host.markInvalid();
      if (locked) await this.#write(locked, false);
      throw err;
    }
    this.#assertLive(generation);
    host.applyResponse(response);
    if (locked) await this.#write(locked, false);
  }

  /** After `invalid_grant`: adopt a refresh token rotated in the store meanwhile, if any. */
  async #adoptRotated(locked: Locked, sent: string | null, generation: number): Promise<boolean> {
    const again = await locked.store.lockedGet();
    const state = again === undefined ? undefined : this.#host.stateOf(again);
    if (again === undefined || !state || state.invalid || state.refreshToken === sent) return false;
    this.#assertLive(generation);
    this.#host.adopt(again);
    locked.basis = state;
    return true;
  }

  /**
   * Write our state over `locked.basis`. A failure keeps our state in memory for a retry on the
   * next access and goes to `onStoreError`; without that hook, a failed retry is thrown.
   */
  async #write(locked: Locked, retry: boolean): Promise<void> {
    if (locked.deleted) return;
    try {
      await locked.store.lockedPut(this.#host.credentials);
      this.#unsaved = undefined;
      this.#seen = true;
      locked.basis = this.#host.state();
    } catch (err) {
      this.#unsaved = { basis: locked.basis };
      const report = this.#host.onStoreError;
      if (report) report(err);
      else if (retry) throw err;
    }
  }
}

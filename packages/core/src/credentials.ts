import { UnknownCredentialsTypeError } from './errors.js';
import { pythonJsonDumps } from './fs/python-json.js';
import type { Clock } from './http/clock.js';
import type { FetchLike } from './http/request.js';
import type { RetryPolicy } from './http/retry.js';
import { type AuthorizeTarget, authorizedFetch } from './internal/authorized-fetch.js';
import { toJsonRecord } from './internal/json-record.js';
import { inspectCustom } from './internal/redact.js';
import { unknownCredentialsTypeMessage } from './internal/unknown-credentials-type.js';
import type { Storage } from './storage.js';

/**
 * How a credential talks to the network and keeps time. Never serialized: pass them again when
 * loading from JSON (`Credentials.newFromJson(json, options)`).
 */
export interface CredentialsRuntimeOptions {
  /** Transport for token, revoke and tokeninfo requests; defaults to `globalThis.fetch`. */
  fetch?: FetchLike | undefined;
  /** Clock for expiry and back-off; defaults to the system clock. */
  clock?: Clock | undefined;
  /**
   * Refresh this long before expiry at most (default 300 000 ms = 5 min). The threshold used is
   * `min(eagerRefreshThresholdMs, lifetime / 2)` (adversarial C10).
   */
  eagerRefreshThresholdMs?: number | undefined;
  /** Per-attempt timeout of token requests in ms (default 10 000). */
  timeoutMs?: number | undefined;
  /** Retries of token refreshes (default: 4 attempts, 1 s ×2 ±20 %, 30 s deadline). */
  retry?: RetryPolicy | undefined;
  /** Randomness for back-off jitter, in [0, 1) (tests pin it). */
  random?: (() => number) | undefined;
  /**
   * Called when writing a refreshed credential to its store fails (a `StorageWriteError`,
   * `LockCompromisedError`...). The caller still gets the new token, the new state (a rotated
   * refresh token) is kept in memory, and the write is retried on the next access under the
   * store's lock. Without this hook a failed retry is thrown by that next call instead.
   */
  onStoreError?: ((error: unknown) => void) | undefined;
  /**
   * Accept plain `http:` token, revoke and tokeninfo endpoints on non-loopback hosts (default
   * false: they are refused at construction with `InsecureEndpointError`). For test servers only.
   */
  allowInsecureRequests?: boolean | undefined;
}

/** Options of {@link Credentials.setStore}. */
export interface SetStoreOptions {
  /** The credential was just read from this store (storages set it). */
  loaded?: boolean | undefined;
}

/** Per-call options of network operations. */
export interface CallOptions {
  /** Cancels the call; the shared refresh stops only when every waiter aborted. */
  signal?: AbortSignal | undefined;
}

/** Builds a credential from its parsed JSON (`_module`/`_class` already matched). */
export type CredentialsFromJson = (
  data: Record<string, unknown>,
  options: CredentialsRuntimeOptions,
) => Credentials;

/**
 * What {@link Credentials.register} takes: a credential class (or any object) naming the Python
 * `_module`/`_class` it reads and writes, and its static `fromJson` loader.
 */
export interface CredentialsClass {
  /** The Python module written as `_module` (`contrib`/`googleapiclient` spellings are folded). */
  readonly jsonModule: string;
  /** The Python class written as `_class`. */
  readonly jsonClass: string;
  /** Rebuilds an instance from its parsed JSON. */
  fromJson(data: Record<string, unknown>, options?: CredentialsRuntimeOptions): Credentials;
}

/** Module paths that name the same Python module (legacy and 4.x `contrib` spellings). */
function canonicalModule(module: string): string {
  return module.replace(/\.googleapiclient(?=\.|$)/g, '').replace(/\.contrib(?=\.|$)/g, '');
}

/**
 * Base class of every credential: something that can authorize HTTP requests, refresh itself,
 * be revoked and be serialized to oauth2client-compatible JSON. Port of
 * `oauth2client.client.Credentials`.
 *
 * {@link Credentials.newFromJson} rebuilds the classes registered with
 * {@link Credentials.register}, one call for every package's classes. Nothing registers itself at
 * import (a bundler may drop modules under `"sideEffects": false`); every {@link Storage}
 * registers core's `OAuth2Credentials`, `AccessTokenCredentials` and `GoogleCredentials` when it
 * is constructed, so stores of user credentials load without a call.
 *
 * `util.inspect`, `console.log` and `JSON.stringify` show a redacted view; {@link toJson} is the
 * real storage serialization and contains the secrets.
 *
 * @example
 * Credentials.register(OAuth2Credentials, ServiceAccountCredentials);
 * const credentials = Credentials.newFromJson(await readFile('creds.json', 'utf8'));
 * const authed = credentials.authorize();
 * const res = await authed('https://www.googleapis.com/drive/v3/files');
 */
export abstract class Credentials {
  /** The Python module written as `_module`. */
  static readonly jsonModule: string = 'oauth2client.client';
  /** The Python class written as `_class`. */
  static readonly jsonClass: string = 'Credentials';

  static readonly #registry = new Map<string, CredentialsFromJson>();

  #store: Storage<Credentials> | undefined;
  #retained: Record<string, unknown> = {};

  /**
   * Teach {@link newFromJson} credential classes, by their `jsonModule`/`jsonClass` names: the one
   * way to register, for every package's classes (and your own). `oauth2client.googleapiclient.*`
   * and `oauth2client.contrib.*` spellings of a module are treated as the same module.
   * Registering a class again is harmless; a later class with the same names replaces it.
   *
   * @param classes - credential classes (anything with `jsonModule`, `jsonClass` and a static
   *   `fromJson`).
   * @example
   * import { Credentials, OAuth2Credentials } from '@oauth2/core';
   * import { ServiceAccountCredentials } from '@oauth2/crypt';
   * import { AppAssertionCredentials } from '@oauth2/gce';
   * Credentials.register(OAuth2Credentials, ServiceAccountCredentials, AppAssertionCredentials);
   */
  static register(...classes: CredentialsClass[]): void {
    for (const cls of classes) {
      const fromJson: CredentialsFromJson = (data, options) => cls.fromJson(data, options);
      Credentials.#registry.set(`${canonicalModule(cls.jsonModule)}:${cls.jsonClass}`, fromJson);
    }
  }

  /**
   * Rebuild a credential from JSON written by this library or by oauth2client (1.5.2 to 4.1.3),
   * dispatching on `_module`/`_class`.
   *
   * @param json - the JSON text, its UTF-8 bytes, or the already-parsed object.
   * @param options - transport and clock for the rebuilt credential.
   * @throws {CredentialsCorruptError} not JSON, not an object, or a field of the wrong type.
   * @throws {UnknownCredentialsTypeError} no `_module`/`_class`, or no class registered for them
   *   (call {@link register} with the class first: the message names the package that has it).
   *   The names are quoted only when they look like Python names.
   * @example
   * const credentials = Credentials.newFromJson(fs.readFileSync('creds.json', 'utf8'));
   */
  static newFromJson(
    json: string | Uint8Array | object,
    options: CredentialsRuntimeOptions = {},
  ): Credentials {
    const record = toJsonRecord(json);
    const module = record._module;
    const className = record._class;
    if (typeof module !== 'string' || typeof className !== 'string') {
      throw new UnknownCredentialsTypeError(
        'Credential JSON has no "_module"/"_class"; it was not written by oauth2client or @oauth2.',
      );
    }
    const loader = Credentials.#registry.get(`${canonicalModule(module)}:${className}`);
    if (!loader) {
      throw new UnknownCredentialsTypeError(
        unknownCredentialsTypeMessage(module, className, canonicalModule(module)),
      );
    }
    return loader(record, options);
  }

  /** The storage this credential writes refreshed tokens to, if any. */
  get store(): Storage<Credentials> | undefined {
    return this.#store;
  }

  /**
   * Attach a storage: refreshes then run under its lock, re-read it first, and write back.
   * Storages call this on every credential they return (with `{ loaded: true }`).
   */
  setStore(store: Storage<Credentials> | undefined, _options: SetStoreOptions = {}): void {
    this.#store = store;
  }

  /**
   * Add `Authorization` (and whatever else the credential needs) to `headers`.
   * @throws {AccessTokenRefreshError} the credential has no access token to send.
   */
  abstract apply(headers: Headers | Record<string, string>): void;

  /**
   * Obtain a new access token now (single-flight: concurrent callers share one request).
   * @throws {HttpAccessTokenRefreshError} the token endpoint refused or failed.
   */
  abstract refresh(options?: CallOptions): Promise<void>;

  /**
   * Revoke the credential at the provider and delete it from its store.
   * @throws {TokenRevokeError} the provider refused or could not be reached.
   */
  abstract revoke(options?: CallOptions): Promise<void>;

  /**
   * A `fetch`-compatible function that sends requests with this credential: refreshes first when
   * needed, adds `Authorization: Bearer`, prefixes the user agent as oauth2client did, and on a
   * 401 refreshes and resends, at most twice. A body that cannot be replayed (a stream) is not
   * resent: the 401 response is returned.
   *
   * @param fetch - the transport to wrap; defaults to the credential's own, then `globalThis.fetch`.
   * @throws {AccessTokenRefreshError} (from the returned function) when a refresh fails.
   * @example
   * const authed = credentials.authorize();
   * const res = await authed('https://www.googleapis.com/oauth2/v3/userinfo');
   */
  authorize(fetch?: FetchLike): FetchLike {
    return authorizedFetch(this.authorizeTarget(), fetch ?? this.defaultFetch());
  }

  /**
   * The storage serialization: oauth2client-compatible JSON, laid out as Python's `json.dumps`
   * writes it (`", "`/`": "` separators, non-ASCII escaped, NaN/Infinity in a stored token
   * response written as Python writes them). Contains secrets.
   */
  toJson(): string {
    return pythonJsonDumps(this.toJsonObject(), { allowNan: true });
  }

  /** A redacted view for `JSON.stringify` and loggers: secrets shown as `[redacted]`. */
  toJSON(): Record<string, unknown> {
    return { _class: this.jsonNames().className, ...this.redactedView() };
  }

  /** `util.inspect` / `console.log` show the redacted view. */
  [inspectCustom](): string {
    const view = this.redactedView();
    const show = (v: unknown): string =>
      typeof v === 'string'
        ? JSON.stringify(v)
        : v === undefined
          ? 'null'
          : pythonJsonDumps(v, { allowNan: true });
    const body = Object.entries(view)
      .map(([k, v]) => `${k}: ${show(v)}`)
      .join(', ');
    return `${this.constructor.name} { ${body} }`;
  }

  /** The Python names written as `_module`/`_class`. */
  protected jsonNames(): { module: string; className: string } {
    const ctor = this.constructor as typeof Credentials;
    return { module: ctor.jsonModule, className: ctor.jsonClass };
  }

  /**
   * The JSON object written by {@link toJson}: {@link serializedFields} in order, then keys read
   * from the JSON this credential was loaded from that no field claims (kept, never dropped),
   * then `_class` and `_module`.
   */
  protected toJsonObject(): Record<string, unknown> {
    const out: Record<string, unknown> = { ...this.serializedFields() };
    for (const [k, v] of Object.entries(this.#retained)) if (!(k in out)) out[k] = v;
    const names = this.jsonNames();
    out._class = names.className;
    out._module = names.module;
    return out;
  }

  /** The credential's own keys in Python write order (4.x base: just `token_expiry`). */
  protected serializedFields(): Record<string, unknown> {
    return { token_expiry: null };
  }

  /** Remember the JSON this credential was loaded from, so unknown keys survive a rewrite. */
  protected retainJsonKeys(data: Record<string, unknown>): void {
    const kept: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(data)) if (k !== '_class' && k !== '_module') kept[k] = v;
    this.#retained = kept;
  }

  /** Names of the loaded JSON keys kept verbatim (for the redacted view). */
  protected retainedKeys(): string[] {
    return Object.keys(this.#retained);
  }

  /** The redacted view shown by inspect/`toJSON()`. Subclasses add their non-secret fields. */
  protected redactedView(): Record<string, unknown> {
    return {};
  }

  /** Hooks used by {@link authorize}. */
  protected authorizeTarget(): AuthorizeTarget {
    return {
      apply: (h) => this.apply(h),
      userAgent: null,
      ensureFresh: async () => {},
      refreshAfterUnauthorized: (_used, signal) => this.refresh({ signal }),
    };
  }

  /** The transport configured on the credential, if any. */
  protected defaultFetch(): FetchLike | undefined {
    return undefined;
  }
}

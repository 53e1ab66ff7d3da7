import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertNoCanary, canary } from './canary.js';
import { LoopbackServer } from './loopback-server.js';

/**
 * The slice of a credential the contract needs. Typed structurally because the test kit must not
 * depend on `@oauth2/core` (that would be a cycle): pass core's module in.
 */
export interface ContractCredentials {
  toJson(): string;
  readonly accessToken: string | null;
  readonly refreshToken: string | null;
  readonly invalid: boolean;
  readonly store: unknown;
  getAccessToken(): Promise<{ accessToken: string; expiresIn: number | null }>;
}

/** What a storage hands back: core's abstract `Credentials` (the suite stores OAuth2Credentials). */
export interface ContractStoredCredentials {
  toJson(): string;
  readonly store: unknown;
}

/** The slice of core's `Storage` the contract exercises. */
export interface ContractStorage {
  get(): Promise<ContractStoredCredentials | undefined>;
  put(credentials: ContractStoredCredentials): Promise<void>;
  delete(): Promise<void>;
  acquireLock(): Promise<void>;
  releaseLock(): Promise<void>;
  lockedGet(): Promise<ContractStoredCredentials | undefined>;
  lockedPut(credentials: ContractStoredCredentials): Promise<void>;
  lockedDelete(): Promise<void>;
  withLock<T>(fn: () => Promise<T>): Promise<T>;
}

/** The slice of `@oauth2/core` the contract uses: `import * as core from '@oauth2/core'`. */
export interface ContractCore {
  OAuth2Credentials: new (options: {
    accessToken?: string | null;
    clientId?: string | null;
    clientSecret?: string | null;
    refreshToken?: string | null;
    tokenExpiry?: Date | null;
    tokenUri?: string | null;
    userAgent?: string | null;
    scopes?: string | Iterable<string> | null;
    tokenResponse?: Record<string, unknown> | null;
  }) => ContractCredentials;
}

/** Options of {@link storageContractSuite}. */
export interface StorageContractOptions<S extends ContractStorage> {
  /** `import * as core from '@oauth2/core'`. */
  core: ContractCore;
  /** A storage over a fresh, empty backend (a new temp file, keyring entry, multistore key...). */
  makeStorage: () => S | Promise<S>;
  /**
   * A second storage instance over the same backend as `storage`, as another process would open
   * it (same file path / service+user / multistore key). Its lock must exclude the first's.
   */
  reopen: (storage: S) => S | Promise<S>;
  /** Run after the suite (remove temp dirs...). */
  cleanup?: () => void | Promise<void>;
  /** How long a lock holder keeps others waiting in the lock tests, in ms (default 150). */
  holdMs?: number;
}

const HOUR = 3600_000;

/** Read through a storage; what it stored were OAuth2Credentials, so they come back as such. */
async function load(storage: ContractStorage): Promise<ContractCredentials | undefined> {
  return (await storage.get()) as ContractCredentials | undefined;
}

/**
 * The contract every `Storage` implementation must meet, as a vitest suite: get/put/delete,
 * locking, `setStore` on returned credentials, and store-aware refresh across two storage
 * instances on one backend (the "another process" case, spec §2.5) against a loopback token
 * endpoint.
 *
 * @example
 * import * as core from '@oauth2/core';
 * import { storageContractSuite } from '@oauth2/test-kit';
 * storageContractSuite('FileStorage', { core, makeStorage: () => new FileStorage(tmpFile()), reopen: (s) => new FileStorage(s.path) });
 */
export function storageContractSuite<S extends ContractStorage>(
  name: string,
  options: StorageContractOptions<S>,
): void {
  const { core } = options;
  const holdMs = options.holdMs ?? 150;
  let server: LoopbackServer;
  let routes = 0;

  describe(`${name} meets the Storage contract`, () => {
    beforeAll(async () => {
      server = await LoopbackServer.start();
    });
    afterAll(async () => {
      for (const r of server.requests) assertNoCanary(r.url, 'a token endpoint URL');
      await server.close();
      await options.cleanup?.();
    });

    const tokenRoute = (...responses: Parameters<LoopbackServer['route']>[2][]): string => {
      const path = `/token-${++routes}`;
      server.route('POST', path, ...responses);
      return path;
    };
    const credentials = (
      overrides: Partial<ConstructorParameters<ContractCore['OAuth2Credentials']>[0]> = {},
    ) =>
      new core.OAuth2Credentials({
        accessToken: canary('at-'),
        clientId: 'client-id',
        clientSecret: canary('secret-'),
        refreshToken: canary('rt-'),
        tokenExpiry: new Date(Date.now() + HOUR),
        tokenUri: server.urlOf('/unused'),
        userAgent: 'contract/1.0',
        scopes: ['a', 'b'],
        ...overrides,
      });

    it('get() on an empty storage resolves undefined', async () => {
      const storage = await options.makeStorage();
      expect(await storage.get()).toBeUndefined();
    });

    it('put() then get() round-trips the exact toJson() and attaches the storage', async () => {
      const storage = await options.makeStorage();
      const original = credentials();
      await storage.put(original);
      const loaded = await load(storage);
      expect(loaded).toBeDefined();
      expect(loaded?.toJson()).toBe(original.toJson());
      expect(loaded?.store).toBe(storage);
    });

    it('put() overwrites and a second instance on the same backend sees it', async () => {
      const storage = await options.makeStorage();
      await storage.put(credentials());
      const second = credentials({ accessToken: canary('at2-') });
      await storage.put(second);
      const other = await options.reopen(storage);
      expect((await other.get())?.toJson()).toBe(second.toJson());
    });

    it('delete() removes the credential, and deleting nothing resolves', async () => {
      const storage = await options.makeStorage();
      await storage.delete();
      await storage.put(credentials());
      await storage.delete();
      expect(await storage.get()).toBeUndefined();
      expect(await (await options.reopen(storage)).get()).toBeUndefined();
      await storage.delete();
    });

    it('the locked primitives work inside withLock()', async () => {
      const storage = await options.makeStorage();
      const c = credentials();
      await storage.withLock(async () => {
        expect(await storage.lockedGet()).toBeUndefined();
        await storage.lockedPut(c);
        expect((await storage.lockedGet())?.toJson()).toBe(c.toJson());
        await storage.lockedDelete();
        expect(await storage.lockedGet()).toBeUndefined();
      });
    });

    it('get() and put() wait for a lock held by another instance on the same backend', async () => {
      const storage = await options.makeStorage();
      const other = await options.reopen(storage);
      await storage.acquireLock();
      let settled = false;
      const pending = other.put(credentials()).then(() => {
        settled = true;
      });
      await new Promise((r) => setTimeout(r, holdMs));
      expect(settled).toBe(false);
      await storage.releaseLock();
      await pending;
      expect(settled).toBe(true);
      await other.acquireLock();
      let read = false;
      const reading = storage.get().then((c) => {
        read = c !== undefined;
      });
      await new Promise((r) => setTimeout(r, holdMs));
      expect(read).toBe(false);
      await other.releaseLock();
      await reading;
      expect(read).toBe(true);
    });

    it('the lock is released after an operation that throws', async () => {
      const storage = await options.makeStorage();
      await expect(
        storage.withLock(async () => {
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      const other = await options.reopen(storage);
      const result = await Promise.race([
        other.put(credentials()).then(() => 'put'),
        new Promise((r) => setTimeout(() => r('still locked'), 10_000)),
      ]);
      expect(result).toBe('put');
    });

    it('a refresh of a credential returned by get() writes the full credential back', async () => {
      const storage = await options.makeStorage();
      const newAccess = canary('at-new-');
      const rotated = canary('rt-rotated-');
      const path = tokenRoute({
        body: { access_token: newAccess, expires_in: 3600, refresh_token: rotated },
      });
      await storage.put(
        credentials({ tokenExpiry: new Date(Date.now() - HOUR), tokenUri: server.urlOf(path) }),
      );
      const loaded = await load(storage);
      const { accessToken } = (await loaded?.getAccessToken()) ?? {};
      expect(accessToken).toBe(newAccess);
      expect(server.count(path)).toBe(1);
      const reread = await load(await options.reopen(storage));
      expect(reread?.accessToken).toBe(newAccess);
      expect(reread?.refreshToken).toBe(rotated);
      expect(reread?.toJson()).toBe(loaded?.toJson());
    });

    it('a refresh adopts a newer valid token written by another process, with no HTTP request', async () => {
      const storage = await options.makeStorage();
      const path = tokenRoute({ status: 500 });
      const stale = credentials({
        tokenExpiry: new Date(Date.now() - HOUR),
        tokenUri: server.urlOf(path),
      });
      await storage.put(stale);
      const mine = await load(storage);
      const fresh = credentials({ accessToken: canary('at-fresh-'), tokenUri: server.urlOf(path) });
      await (await options.reopen(storage)).put(fresh);
      const { accessToken } = (await mine?.getAccessToken()) ?? {};
      expect(accessToken).toBe(fresh.accessToken);
      expect(server.count(path)).toBe(0);
    });

    it('two instances on one backend refreshing at once make exactly one token request', async () => {
      const storage = await options.makeStorage();
      const newAccess = canary('at-once-');
      const path = tokenRoute({ delayMs: 50, body: { access_token: newAccess, expires_in: 3600 } });
      await storage.put(
        credentials({ tokenExpiry: new Date(Date.now() - HOUR), tokenUri: server.urlOf(path) }),
      );
      const a = await load(storage);
      const b = await load(await options.reopen(storage));
      const tokens = await Promise.all([
        a?.getAccessToken(),
        b?.getAccessToken(),
        a?.getAccessToken(),
      ]);
      expect(tokens.map((t) => t?.accessToken)).toEqual([newAccess, newAccess, newAccess]);
      expect(server.count(path)).toBe(1);
    });

    it('invalid_grant marks the credential invalid in the storage too', async () => {
      const storage = await options.makeStorage();
      const path = tokenRoute({ status: 400, body: { error: 'invalid_grant' } });
      await storage.put(
        credentials({ tokenExpiry: new Date(Date.now() - HOUR), tokenUri: server.urlOf(path) }),
      );
      const loaded = await load(storage);
      const error = await loaded?.getAccessToken().catch((e: unknown) => e);
      expect((error as { code?: string }).code).toBe('invalid_grant');
      assertNoCanary(error, 'the refresh error');
      expect((await load(await options.reopen(storage)))?.invalid).toBe(true);
    });
  });
}

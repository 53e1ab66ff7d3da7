import { LockTimeoutError, type OAuth2Credentials } from '@oauth2/core';
import { assertNoCanary, RotatingTokenServer } from '@oauth2/test-kit';
import { describe, expect, it } from 'vitest';
import {
  PostgresSerializationError,
  PostgresStore,
  PostgresTableMissingError,
  PostgresUnavailableError,
} from '../src/index.js';
import {
  expectPoolIdle,
  makeCredentials,
  makePool,
  putExpiredGrant,
  useDatabase,
} from './helpers.js';

// Each failure against a real server; the restart case is in restart.test.ts.
const db = useDatabase();

describe('failures become typed errors that say what to do', () => {
  it('a missing table: PostgresTableMissingError pointing at createTable(), client returned', async () => {
    const store = new PostgresStore(db.pool, { table: [db.schema, 'never_created'] });
    for (const op of [
      () => store.storage('k').get(),
      () => store.storage('k').put(makeCredentials()),
      () => store.keys(),
    ]) {
      const err = await op().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(PostgresTableMissingError);
      expect(err).toMatchObject({ code: 'postgres_table_missing', sqlState: '42P01' });
      expect((err as Error).message).toContain('createTable()');
      expect((err as Error).message).toContain('POSTGRES_MIGRATION_SQL');
      assertNoCanary(err);
    }
    const missingSchema = new PostgresStore(db.pool, { table: ['no_such_schema', 't'] });
    await expect(missingSchema.storage('k').get()).rejects.toBeInstanceOf(
      PostgresTableMissingError,
    );
    expectPoolIdle(db.pool);
  });

  it('a serialization failure: PostgresSerializationError (retryable), nothing written', async () => {
    const store = await db.store('serial');
    const before = makeCredentials();
    await store.storage('k').put(before);
    // A real 40001 from the server, raised where a conflicting SERIALIZABLE transaction would.
    await db.pool.query(`
      CREATE FUNCTION ${db.schema}.conflict() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'could not serialize access' USING ERRCODE = 'serialization_failure'; END $$;
      CREATE TRIGGER conflict BEFORE UPDATE ON ${store.table}
        FOR EACH ROW EXECUTE FUNCTION ${db.schema}.conflict();`);
    const err = await store
      .storage('k')
      .put(makeCredentials())
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PostgresSerializationError);
    expect(err).toMatchObject({ retryable: true, sqlState: '40001' });
    expect((err as Error).message).toContain('retry');
    assertNoCanary(err);
    expect((await store.storage('k').get())?.toJson()).toBe(before.toJson());
    expectPoolIdle(db.pool);
  });

  it('a write that fails during a refresh: the new token is used, kept in memory, and written on the next access', async () => {
    const tokens = await RotatingTokenServer.start();
    try {
      const grant = tokens.issueGrant();
      const errors: unknown[] = [];
      const store = await db.store('late_write', {
        credentialsOptions: { onStoreError: (e) => errors.push(e) },
      });
      await putExpiredGrant(store.storage('k'), tokens, grant);
      const credentials = (await store.storage('k').get()) as OAuth2Credentials;
      await db.pool.query(`
        CREATE FUNCTION ${db.schema}.refuse() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'could not serialize access' USING ERRCODE = 'serialization_failure'; END $$;
        CREATE TRIGGER refuse BEFORE UPDATE ON ${store.table}
          FOR EACH ROW EXECUTE FUNCTION ${db.schema}.refuse();`);
      const { accessToken } = await credentials.getAccessToken();
      expect(accessToken).not.toBe(grant.accessToken);
      expect(errors).toHaveLength(1);
      expect(errors[0]).toBeInstanceOf(PostgresSerializationError);
      // The row still holds the old state; the write is pending in memory.
      const stale = (await new PostgresStore(db.pool, { table: [db.schema, 'late_write'] })
        .storage('k')
        .get()) as OAuth2Credentials;
      expect(stale.refreshToken).toBe(grant.refreshToken);
      await db.pool.query(`DROP TRIGGER refuse ON ${store.table}`);
      expect((await credentials.getAccessToken()).accessToken).toBe(accessToken);
      const stored = (await store.storage('k').get()) as OAuth2Credentials;
      expect(stored.accessToken).toBe(accessToken);
      expect(stored.refreshToken).toBe(tokens.currentRefreshToken(grant.id));
      expect(tokens.refreshes).toBe(1);
      expectPoolIdle(db.pool);
    } finally {
      await tokens.close();
    }
  });

  it('connection refused: PostgresUnavailableError (retryable), no secret in it', async () => {
    const pool = makePool('postgres://postgres@127.0.0.1:1/postgres');
    try {
      const storage = new PostgresStore(pool).storage('k');
      for (const op of [() => storage.get(), () => storage.put(makeCredentials())]) {
        const err = await op().catch((e: unknown) => e);
        expect(err).toBeInstanceOf(PostgresUnavailableError);
        expect(err).toMatchObject({ code: 'postgres_unavailable', retryable: true });
        expect((err as Error).message).toMatch(/ECONNREFUSED.*Retry once the database/);
        assertNoCanary(err);
      }
    } finally {
      await pool.end();
    }
  });

  it('a lock held elsewhere: LockTimeoutError after lockWaitMs; the in-memory credential stays usable', async () => {
    const store = await db.store('locked');
    await store.storage('k').put(makeCredentials());
    const waiting = new PostgresStore(db.pool, {
      table: [db.schema, 'locked'],
      lockWaitMs: 400,
    });
    const credentials = (await waiting.storage('k').get()) as OAuth2Credentials;
    // Another instance (its own store object) holds the lock.
    const holder = new PostgresStore(db.pool, { table: [db.schema, 'locked'] }).storage('k');
    await holder.acquireLock();
    try {
      const started = Date.now();
      const err = await waiting
        .storage('k')
        .put(makeCredentials())
        .catch((e: unknown) => e);
      const waited = Date.now() - started;
      expect(err).toBeInstanceOf(LockTimeoutError);
      expect(err).toMatchObject({ code: 'lock_timeout' });
      expect(waited).toBeGreaterThanOrEqual(390);
      expect(waited).toBeLessThan(2000);
      const { accessToken } = await credentials.getAccessToken();
      expect(accessToken).toBe(credentials.accessToken);
      await expect(credentials.refresh()).rejects.toBeInstanceOf(LockTimeoutError);
      expect(credentials.accessToken).toBe(accessToken);
    } finally {
      await holder.releaseLock();
    }
    expectPoolIdle(db.pool);
  });

  it('a pool with no free client counts against the same wait', async () => {
    const pool = makePool(db.url, { max: 1 });
    try {
      const store = new PostgresStore(pool, { table: [db.schema, 'locked'], lockWaitMs: 300 });
      const holder = store.storage('a');
      await holder.acquireLock();
      const err = await store
        .storage('b')
        .get()
        .catch((e: unknown) => e);
      await holder.releaseLock();
      expect(err).toBeInstanceOf(LockTimeoutError);
      // The late client went back: the pool is usable at once.
      await store.storage('b').get();
      expect(pool.idleCount).toBe(pool.totalCount);
    } finally {
      await pool.end();
    }
  });
});

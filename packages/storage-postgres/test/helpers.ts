import { randomBytes } from 'node:crypto';
import { OAuth2Credentials } from '@oauth2/core';
import {
  type CanaryCredentialFields,
  canaryCredentialFields,
  grantCredentialFields,
  type RotatingTokenServer,
} from '@oauth2/test-kit';
import pg from 'pg';
import { afterAll, beforeAll, expect, inject } from 'vitest';
import { type PostgresStorage, PostgresStore, type PostgresStoreOptions } from '../src/index.js';

/** A credential whose secrets all carry canaries. */
export function makeCredentials(
  overrides: Partial<CanaryCredentialFields> = {},
): OAuth2Credentials {
  return new OAuth2Credentials(canaryCredentialFields(overrides));
}

/**
 * Put a credential of `grant` (of `tokens`) whose access token expired an hour ago: its first use
 * refreshes through the store.
 */
export async function putExpiredGrant(
  storage: PostgresStorage,
  tokens: RotatingTokenServer,
  grant: { accessToken: string; refreshToken: string },
): Promise<void> {
  await storage.put(new OAuth2Credentials(grantCredentialFields(tokens, grant, -3600_000)));
}

/** A pool on `url` with the `'error'` handler node-postgres asks every app to set. */
export function makePool(url: string, options: pg.PoolConfig = {}): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max: 10, ...options });
  pool.on('error', () => {
    // An idle client lost its server (restart tests); the pool drops it.
  });
  return pool;
}

/**
 * A pool on the run's server and a fresh schema for this file (so files running in parallel never
 * share a table). Read the fields inside tests and hooks.
 */
export function useDatabase(): {
  readonly pool: pg.Pool;
  readonly url: string;
  readonly schema: string;
  /** A store over `<schema>.<table>` (created). */
  store(table?: string, options?: PostgresStoreOptions): Promise<PostgresStore>;
} {
  const schema = `t_${randomBytes(6).toString('hex')}`;
  let pool: pg.Pool | undefined;
  beforeAll(async () => {
    pool = makePool(inject('pgUrl'));
    await pool.query(`CREATE SCHEMA ${schema}`);
  });
  afterAll(async () => {
    await pool?.query(`DROP SCHEMA ${schema} CASCADE`);
    await pool?.end();
  });
  return {
    get pool() {
      if (!pool) throw new Error('useDatabase: read `pool` inside a test or hook');
      return pool;
    },
    get url() {
      return inject('pgUrl');
    },
    schema,
    async store(table = 'oauth2_credentials', options = {}) {
      const store = new PostgresStore(this.pool, { table: [schema, table], ...options });
      await store.createTable();
      return store;
    },
  };
}

/** Every client went back to the pool: nothing checked out, nobody waiting. */
export function expectPoolIdle(pool: pg.Pool): void {
  expect(pool.waitingCount).toBe(0);
  expect(pool.idleCount).toBe(pool.totalCount);
}

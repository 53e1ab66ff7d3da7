import { CredentialsCorruptError, type OAuth2Credentials } from '@oauth2/core';
import { CredentialSealer } from '@oauth2/core/seal';
import { assertNoCanary } from '@oauth2/test-kit';
import { describe, expect, it } from 'vitest';
import {
  credentialsFromColumn,
  credentialsToColumn,
  migrationSql,
  POSTGRES_MIGRATION_SQL,
  PostgresStorage,
  PostgresStore,
  quoteIdentifier,
} from '../src/index.js';
import { expectPoolIdle, makeCredentials, makePool, useDatabase } from './helpers.js';

const db = useDatabase();

describe('PostgresStore: table, keys, delete', () => {
  it('createTable() is idempotent and the exported migration SQL makes the same table', async () => {
    expect(POSTGRES_MIGRATION_SQL).toBe(migrationSql('oauth2_credentials'));
    expect(POSTGRES_MIGRATION_SQL).toContain('CREATE TABLE IF NOT EXISTS "oauth2_credentials"');
    const store = await db.store('made');
    await store.createTable();
    await db.pool.query(
      `SET search_path TO ${db.schema}; ${POSTGRES_MIGRATION_SQL}; RESET search_path`,
    );
    const { rows } = await db.pool.query(
      `SELECT table_name, column_name, data_type, is_nullable FROM information_schema.columns
       WHERE table_schema = $1 ORDER BY table_name, ordinal_position`,
      [db.schema],
    );
    const shape = (t: string) =>
      rows
        .filter((r) => r.table_name === t)
        .map((r) => [r.column_name, r.data_type, r.is_nullable]);
    const expected = [
      ['key', 'text', 'NO'],
      ['credentials', 'json', 'NO'],
      ['updated_at', 'timestamp with time zone', 'NO'],
    ];
    expect(shape('made')).toEqual(expected);
    expect(shape('oauth2_credentials')).toEqual(expected);
  });

  it('lists keys sorted, deletes one, sets updated_at', async () => {
    const store = await db.store('listed');
    for (const key of ['b', 'a', 'c']) await store.storage(key).put(makeCredentials());
    expect(await store.keys()).toEqual(['a', 'b', 'c']);
    await store.delete('b');
    await store.delete('missing');
    expect(await store.keys()).toEqual(['a', 'c']);
    const { rows } = await db.pool.query(
      `SELECT now() - updated_at < interval '1 minute' AS fresh FROM ${store.table}`,
    );
    expect(rows.every((r) => r.fresh === true)).toBe(true);
    expectPoolIdle(db.pool);
  });

  it('a put is one row: the stored JSON is exactly toJson()', async () => {
    const store = await db.store('exact');
    const credentials = makeCredentials();
    await store.storage('k').put(credentials);
    const { rows } = await db.pool.query(`SELECT credentials::text AS v FROM ${store.table}`);
    expect(rows).toEqual([{ v: credentials.toJson() }]);
  });

  it('concurrent callers in one process on one key hold one pool client, not one each', async () => {
    const pool = makePool(db.url, { max: 10 });
    try {
      const store = new PostgresStore(pool, { table: [db.schema, 'queued'] });
      await store.createTable();
      const written = Array.from({ length: 40 }, () => makeCredentials());
      await Promise.all(written.map((c) => store.storage('one').put(c)));
      expect(pool.totalCount).toBe(1);
      const final = (await store.storage('one').get())?.toJson();
      expect(written.map((c) => c.toJson())).toContain(final);
    } finally {
      await pool.end();
    }
  });
});

describe('hostile identifiers and values cannot inject SQL', () => {
  const hostileKeys = [
    "'; DROP TABLE victim; --",
    '"; DROP TABLE victim; --',
    'key with \'quotes\' and "doubles" and \\backslash',
    '$1 $2 %s {x}',
    'ключ 🔑',
  ];

  it('keys with quotes round-trip as data; the table next door survives', async () => {
    await db.pool.query(`CREATE TABLE ${db.schema}.victim (v int)`);
    const store = await db.store('hostile_keys');
    const stored = new Map<string, OAuth2Credentials>();
    for (const key of hostileKeys) {
      const credentials = makeCredentials();
      stored.set(key, credentials);
      await store.storage(key).put(credentials);
    }
    for (const key of hostileKeys) {
      expect((await store.storage(key).get())?.toJson()).toBe(stored.get(key)?.toJson());
    }
    expect(await store.keys()).toEqual([...hostileKeys].sort(compareText));
    await db.pool.query(`SELECT * FROM ${db.schema}.victim`);
  });

  it('a table name with a semicolon and quotes is one quoted name', async () => {
    await db.pool.query(`CREATE TABLE IF NOT EXISTS ${db.schema}.victim (v int)`);
    const table = `creds"; DROP TABLE ${db.schema}.victim; --`;
    const store = new PostgresStore(db.pool, { table: [db.schema, table] });
    expect(store.table).toBe(`"${db.schema}"."creds""; DROP TABLE ${db.schema}.victim; --"`);
    await store.createTable();
    await store.storage('k').put(makeCredentials());
    expect(await store.keys()).toEqual(['k']);
    const { rows } = await db.pool.query(
      'SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY 1',
      [db.schema],
    );
    expect(rows.map((r) => r.table_name)).toContain(table);
    expect(rows.map((r) => r.table_name)).toContain('victim');
  });

  it('hostile column and key-column names of a user table are quoted too', async () => {
    const column = 'c"); DELETE FROM x; --';
    const keyColumn = 'id; --';
    await db.pool.query(
      `CREATE TABLE ${db.schema}."users;" (${quoteIdentifier(keyColumn)} text PRIMARY KEY, ${quoteIdentifier(column)} jsonb)`,
    );
    const storage = new PostgresStorage(db.pool, {
      table: `${db.schema}.users;`,
      keyColumn,
      keyValue: "o'hara",
      column,
    });
    const credentials = makeCredentials();
    await storage.put(credentials);
    expect((await storage.get())?.toJson()).toBe(credentials.toJson());
  });

  it('empty, NUL-holding and over-long identifiers are refused before any query', () => {
    expect(() => new PostgresStore(db.pool, { table: '' })).toThrow(TypeError);
    expect(() => new PostgresStore(db.pool, { table: 'a\0b' })).toThrow(TypeError);
    expect(() => new PostgresStore(db.pool, { table: 'x'.repeat(64) })).toThrow(/63 bytes/);
    expect(() => new PostgresStore(db.pool).storage('')).toThrow(TypeError);
    for (const lockWaitMs of [-1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => new PostgresStore(db.pool, { lockWaitMs }).storage('k')).toThrow(/lockWaitMs/);
    }
  });
});

describe('column helpers (the port of django_orm.CredentialsField)', () => {
  it('write to a jsonb and a text column of your own table and read back', async () => {
    await db.pool.query(`CREATE TABLE ${db.schema}.accounts (id int PRIMARY KEY, j jsonb, t text)`);
    const credentials = makeCredentials();
    const value = credentialsToColumn(credentials);
    expect(value).toBe(credentials.toJson());
    await db.pool.query(`INSERT INTO ${db.schema}.accounts VALUES (1, $1, $2)`, [value, value]);
    const { rows } = await db.pool.query(
      `SELECT j, j::text AS jt, t FROM ${db.schema}.accounts WHERE id = 1`,
    );
    const row = rows[0] as { j: object; jt: string; t: string };
    expect(typeof row.j).toBe('object');
    for (const v of [row.j, row.jt, row.t]) {
      const loaded = credentialsFromColumn(v) as OAuth2Credentials;
      expect(loaded.accessToken).toBe(credentials.accessToken);
      expect(loaded.refreshToken).toBe(credentials.refreshToken);
    }
    expect(credentialsFromColumn(row.t)?.toJson()).toBe(credentials.toJson());
    expect(credentialsFromColumn(null)).toBeUndefined();
    expect(credentialsFromColumn(undefined)).toBeUndefined();
  });

  it('a corrupt value throws CredentialsCorruptError naming the place, never the value', () => {
    const credentials = makeCredentials();
    for (const bad of [
      credentials.toJson().slice(0, 40),
      '"just a string"',
      42,
      Buffer.from('x'),
    ]) {
      const err = (() => {
        try {
          credentialsFromColumn(bad, { location: 'users row 7' });
        } catch (e) {
          return e;
        }
      })();
      expect(err).toBeInstanceOf(CredentialsCorruptError);
      expect((err as Error).message).toContain('users row 7');
      assertNoCanary(err);
    }
  });

  it('a corrupt row: get() throws CredentialsCorruptError, put() replaces it', async () => {
    const store = await db.store('corrupt');
    await db.pool.query(`INSERT INTO ${store.table} VALUES ('k', '{"_module": 1}', now())`);
    const err = await store
      .storage('k')
      .get()
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CredentialsCorruptError);
    expect((err as CredentialsCorruptError).location).toContain('"k"');
    const credentials = makeCredentials();
    await store.storage('k').put(credentials);
    expect((await store.storage('k').get())?.toJson()).toBe(credentials.toJson());
    expectPoolIdle(db.pool);
  });
});

describe('sealing at rest (core CredentialSealer)', () => {
  const key1 = Buffer.alloc(32, 1);
  const key2 = Buffer.alloc(32, 2);

  it('the row holds a sealed JSON string, no secret; the right key opens it', async () => {
    const sealer = new CredentialSealer([key1]);
    const store = await db.store('sealed', { sealer });
    const credentials = makeCredentials();
    await store.storage('u1').put(credentials);
    const { rows } = await db.pool.query(
      `SELECT credentials::text AS raw, json_typeof(credentials) AS type FROM ${store.table}`,
    );
    expect(rows[0]?.type).toBe('string');
    assertNoCanary(rows[0]?.raw, 'the sealed row');
    expect(CredentialSealer.isSealed(JSON.parse(rows[0]?.raw))).toBe(true);
    expect((await store.storage('u1').get())?.toJson()).toBe(credentials.toJson());

    // No sealer, the wrong key, or the row copied under another key: corrupt, never the bytes.
    const plain = new PostgresStore(db.pool, { table: [db.schema, 'sealed'] });
    const wrong = new PostgresStore(db.pool, {
      table: [db.schema, 'sealed'],
      sealer: new CredentialSealer([key2]),
    });
    await db.pool.query(
      `INSERT INTO ${store.table} SELECT 'u2', credentials, now() FROM ${store.table} WHERE key = 'u1'`,
    );
    for (const attempt of [plain.storage('u1'), wrong.storage('u1'), store.storage('u2')]) {
      const err = await attempt.get().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(CredentialsCorruptError);
      assertNoCanary(err);
    }
  });

  it('keys rotate (new key first), plain rows still load and are sealed on the next put', async () => {
    const plainStore = await db.store('migrating');
    const credentials = makeCredentials();
    await plainStore.storage('old').put(credentials);
    const sealedByKey1 = new PostgresStore(db.pool, {
      table: [db.schema, 'migrating'],
      sealer: new CredentialSealer([key1]),
    });
    await sealedByKey1.storage('k1').put(credentials);
    const rotated = new PostgresStore(db.pool, {
      table: [db.schema, 'migrating'],
      sealer: new CredentialSealer([key2, key1]),
    });
    const loaded = await rotated.storage('old').get();
    expect(loaded?.toJson()).toBe(credentials.toJson());
    expect((await rotated.storage('k1').get())?.toJson()).toBe(credentials.toJson());
    await rotated.storage('old').put(credentials);
    const { rows } = await db.pool.query(
      `SELECT credentials::text AS raw FROM ${plainStore.table} WHERE key = 'old'`,
    );
    assertNoCanary(rows[0]?.raw, 'the re-sealed row');
  });

  it('a text column holds the sealed text as is', async () => {
    await db.pool.query(`CREATE TABLE ${db.schema}.sealed_text (id text PRIMARY KEY, c text)`);
    const sealer = new CredentialSealer([key1]);
    const storage = new PostgresStorage(db.pool, {
      table: [db.schema, 'sealed_text'],
      keyColumn: 'id',
      keyValue: 'a',
      column: 'c',
      columnType: 'text',
      sealer,
    });
    const credentials = makeCredentials();
    await storage.put(credentials);
    const { rows } = await db.pool.query(`SELECT c FROM ${db.schema}.sealed_text`);
    expect(CredentialSealer.isSealed(rows[0]?.c)).toBe(true);
    expect(sealer.unseal(rows[0]?.c, 'a')).toBe(credentials.toJson());
    expect((await storage.get())?.toJson()).toBe(credentials.toJson());
  });
});

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

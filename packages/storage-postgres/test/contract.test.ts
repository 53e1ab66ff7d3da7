import * as core from '@oauth2/core';
import { CredentialSealer } from '@oauth2/core/seal';
import { storageContractSuite } from '@oauth2/test-kit';
import { PostgresStorage } from '../src/index.js';
import { useDatabase } from './helpers.js';

const db = useDatabase();
let n = 0;
const stores = new WeakMap<PostgresStorage, string>();

// Each storage a fresh key; reopen = another PostgresStore object (its own in-process queue), as
// another process would open it: only PostgreSQL's lock stands between them.
storageContractSuite('PostgresStore', {
  core,
  makeStorage: async () => {
    const key = `key-${++n}`;
    const storage = (await db.store()).storage(key);
    stores.set(storage, key);
    return storage;
  },
  reopen: async (storage) => (await db.store()).storage(stores.get(storage) ?? ''),
});

const sealer = new CredentialSealer([Buffer.alloc(32, 7)]);
storageContractSuite('PostgresStore with sealing', {
  core,
  makeStorage: async () => {
    const key = `sealed-${++n}`;
    const storage = (await db.store('sealed', { sealer })).storage(key);
    stores.set(storage, key);
    return storage;
  },
  reopen: async (storage) =>
    (await db.store('sealed', { sealer })).storage(stores.get(storage) ?? ''),
});

// The port of django_orm.Storage: any table, key column and credential column (text here).
const rows = new WeakMap<PostgresStorage, number>();
const userStorage = (id: number) =>
  new PostgresStorage(db.pool, {
    table: `${db.schema}.users`,
    keyColumn: 'id',
    keyValue: id,
    column: 'google credentials',
    columnType: 'text',
  });
storageContractSuite('PostgresStorage over a users table', {
  core,
  makeStorage: async () => {
    await db.pool.query(
      `CREATE TABLE IF NOT EXISTS ${db.schema}.users (id int PRIMARY KEY, email text, "google credentials" text)`,
    );
    const id = ++n;
    await db.pool.query(`INSERT INTO ${db.schema}.users (id, email) VALUES ($1, $2)`, [
      id,
      `u${id}@example.com`,
    ]);
    const storage = userStorage(id);
    rows.set(storage, id);
    return storage;
  },
  reopen: (storage) => userStorage(rows.get(storage) ?? 0),
});

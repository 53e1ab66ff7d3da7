// Starts a refresh of an expired credential whose token request never leaves: the process holds
// the PostgreSQL lock mid-refresh (after re-reading the row) and tells the parent, which SIGKILLs it.
import { PostgresStore } from '@oauth2/storage-postgres';
import pg from 'pg';

process.on('disconnect', () => process.exit(1));

const [url, table, key] = process.argv.slice(2);
const pool = new pg.Pool({ connectionString: url, max: 2 });
pool.on('error', () => {});
const fetch = () => {
  process.send({ inCriticalSection: true });
  // Stay alive (a pending promise alone would let the process exit and drop the connection).
  setInterval(() => {}, 60_000);
  return new Promise(() => {});
};
const store = new PostgresStore(pool, {
  table: JSON.parse(table),
  credentialsOptions: { fetch },
});
const credentials = await store.storage(key).get();
await credentials.getAccessToken();

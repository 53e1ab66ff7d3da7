// Loads one shared credential from a PostgresStore and calls getAccessToken() `calls` times at
// once when the parent says go (8 of these = the cross-process stampede). Imports the BUILT package.
import { PostgresStore } from '@oauth2/storage-postgres';
import pg from 'pg';

// If the test runner dies, do not linger.
process.on('disconnect', () => process.exit(1));

const [url, table, key, calls] = process.argv.slice(2);
const pool = new pg.Pool({ connectionString: url, max: 4 });
pool.on('error', () => {});
const store = new PostgresStore(pool, { table: JSON.parse(table) });
const credentials = await store.storage(key).get();
process.send({ ready: true });
await new Promise((resolve) => process.once('message', resolve));
const results = await Promise.allSettled(
  Array.from({ length: Number(calls) }, () => credentials.getAccessToken()),
);
const tokens = results.map((r) =>
  r.status === 'fulfilled' ? r.value.accessToken : `error:${r.reason?.code}`,
);
await pool.end();
process.send({ tokens }, () => process.exit(0));

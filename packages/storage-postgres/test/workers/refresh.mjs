// Loads one shared credential from a PostgresStore and calls getAccessToken() `calls` times at
// once when the parent says go (8 of these = the cross-process stampede). Imports the BUILT package.
import { PostgresStore } from '@oauth2/storage-postgres';
import { stampedeOnGo } from '@oauth2/test-kit/workers';
import pg from 'pg';

// If the test runner dies, do not linger.
process.on('disconnect', () => process.exit(1));

const [url, table, key, calls] = process.argv.slice(2);
const pool = new pg.Pool({ connectionString: url, max: 4 });
pool.on('error', () => {});
const store = new PostgresStore(pool, { table: JSON.parse(table) });
await stampedeOnGo(await store.storage(key).get(), calls, () => pool.end());

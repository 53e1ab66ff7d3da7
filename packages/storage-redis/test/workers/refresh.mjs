// Loads one shared credential from Redis and calls getAccessToken() `calls` times at once when
// the parent says go; reports every token (or error code). Imports the BUILT packages.
import { RedisStorage } from '@oauth2/storage-redis';
import { createClient } from 'redis';

// If the test runner dies, do not linger.
process.on('disconnect', () => process.exit(1));

const [url, name, calls, lockTtlMs] = process.argv.slice(2);
const client = createClient({ url });
client.on('error', () => {});
await client.connect();
const storage = new RedisStorage(client, name, { lockTtlMs: Number(lockTtlMs) });
const credentials = await storage.get();
process.send({ ready: true });
await new Promise((resolve) => process.once('message', resolve));
const started = Date.now();
const results = await Promise.allSettled(
  Array.from({ length: Number(calls) }, () => credentials.getAccessToken()),
);
const tokens = results.map((r) =>
  r.status === 'fulfilled' ? r.value.accessToken : `error:${r.reason?.code}`,
);
const wallMs = Date.now() - started;
client.destroy();
process.send({ tokens, wallMs }, () => process.exit(0));

// Starts a refresh of the shared credential: it takes the Redis lock, re-reads, and is about to
// call the token endpoint when it tells the parent, which SIGKILLs it there (mid-refresh, before
// the request reached the server). Imports the BUILT packages.
import { RedisStorage } from '@oauth2/storage-redis';
import { createClient } from 'redis';

process.on('disconnect', () => process.exit(1));

const [url, name, lockTtlMs] = process.argv.slice(2);
const client = createClient({ url });
client.on('error', () => {});
await client.connect();
const fetch = async () => {
  process.send({ inRefresh: true });
  // Stay alive holding the lock (a pending promise alone would let the process exit).
  setInterval(() => {}, 60_000);
  return new Promise(() => {});
};
const storage = new RedisStorage(client, name, {
  lockTtlMs: Number(lockTtlMs),
  credentialsOptions: { fetch },
});
const credentials = await storage.get();
await credentials.getAccessToken();

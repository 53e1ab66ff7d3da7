// A long-lived app instance: on {load: name} it loads that credential from Redis and answers
// {ready}; on 'go' it calls getAccessToken() `calls` times at once and reports every token (or
// error code). Reused across tests to pay the process start-up once. Imports the BUILT packages.
import { RedisStorage } from '@oauth2/storage-redis';
import { concurrentTokens } from '@oauth2/test-kit/workers';
import { createClient } from 'redis';

// If the test runner dies, do not linger.
process.on('disconnect', () => process.exit(1));

const [url, calls, lockTtlMs] = process.argv.slice(2);
const client = createClient({ url });
client.on('error', () => {});
await client.connect();
let credentials;
process.on('message', async (message) => {
  if (message === 'exit') {
    client.destroy();
    process.exit(0);
  }
  if (message.load) {
    const storage = new RedisStorage(client, message.load, { lockTtlMs: Number(lockTtlMs) });
    credentials = await storage.get();
    process.send({ ready: true });
    return;
  }
  process.send({ tokens: await concurrentTokens(credentials, calls) });
});
process.send({ started: true });

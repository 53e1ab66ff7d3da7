// Loads one shared credential from a multistore and calls getAccessToken() `calls` times at once,
// when the parent says go (adversarial M3). Imports the BUILT packages.
import { getCredentialStorageCustomStringKey } from '@oauth2/storage-multistore';

// If the test runner dies, do not linger.
process.on('disconnect', () => process.exit(1));

const [path, key, calls] = process.argv.slice(2);
const storage = getCredentialStorageCustomStringKey(path, key);
const credentials = await storage.get();
process.send({ ready: true });
await new Promise((resolve) => process.once('message', resolve));
const results = await Promise.allSettled(
  Array.from({ length: Number(calls) }, () => credentials.getAccessToken()),
);
const tokens = results.map((r) =>
  r.status === 'fulfilled' ? r.value.accessToken : `error:${r.reason?.code}`,
);
process.send({ tokens }, () => process.exit(0));

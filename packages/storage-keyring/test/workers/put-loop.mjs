// Puts `count` distinct credentials into one keyring entry as fast as it can (adversarial K1).
import { AccessTokenCredentials } from '@oauth2/core';
import { KeyringStorage, keytarBackend, napiKeyringBackend } from '@oauth2/storage-keyring';

// If the test runner dies, do not linger.
process.on('disconnect', () => process.exit(1));

const [service, user, backendName, tag, count] = process.argv.slice(2);
const backend = backendName === 'keytar' ? keytarBackend() : napiKeyringBackend();
const storage = new KeyringStorage(service, user, { backend });
let last;
for (let i = 0; i < Number(count); i++) {
  last = `${tag}-${i}`;
  await storage.put(new AccessTokenCredentials({ accessToken: last, userAgent: 'k1/1' }));
}
process.send({ last }, () => process.exit(0));

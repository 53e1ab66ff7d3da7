// Runs with no D-Bus session (and a throwaway HOME/XDG/cwd): every operation of both backends must
// throw KeyringUnavailableError, and nothing may be written anywhere (adversarial K1).
import { AccessTokenCredentials } from '@oauth2/core';
import { KeyringStorage, keytarBackend, napiKeyringBackend } from '@oauth2/storage-keyring';

// If the test runner dies, do not linger.
process.on('disconnect', () => process.exit(1));

const results = {};
for (const [name, backend] of [
  ['napi', napiKeyringBackend()],
  ['keytar', keytarBackend()],
]) {
  const storage = new KeyringStorage('oauth2-no-keyring', 'user', { backend });
  for (const [op, run] of [
    ['get', () => storage.get()],
    ['put', () => storage.put(new AccessTokenCredentials({ accessToken: process.argv[2] }))],
    ['delete', () => storage.delete()],
  ]) {
    try {
      await run();
      results[`${name}.${op}`] = 'resolved';
    } catch (err) {
      results[`${name}.${op}`] = { name: err.name, code: err.code, message: err.message };
    }
  }
}
process.send(results, () => process.exit(0));

// Puts `count` credentials under distinct keys into one multistore, reporting each acknowledged
// put over IPC (adversarial M1). Imports the BUILT packages.
import { AccessTokenCredentials, LockTimeoutError } from '@oauth2/core';
import { Multistore } from '@oauth2/storage-multistore';

// If the test runner dies, do not linger.
process.on('disconnect', () => process.exit(1));

const [path, worker, count, lockWaitMs] = process.argv.slice(2);
const store = new Multistore(path, { lockWaitMs: Number(lockWaitMs) });
let acked = 0;
let timeouts = 0;
let worstMs = 0;
for (let i = 0; i < Number(count); i++) {
  const key = `w${worker}-${i}`;
  const started = Date.now();
  try {
    await store
      .storage({ key })
      .put(new AccessTokenCredentials({ accessToken: `${key}-${'x'.repeat(64)}` }));
    acked++;
  } catch (err) {
    if (!(err instanceof LockTimeoutError)) throw err;
    timeouts++;
  }
  worstMs = Math.max(worstMs, Date.now() - started);
}
process.send({ acked, timeouts, worstMs }, () => process.exit(0));

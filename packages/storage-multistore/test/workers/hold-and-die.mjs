// Takes the multistore lock and starts a put that stops after writing its temporary file, then
// tells the parent, which SIGKILLs it inside the critical section (adversarial M4).
import { constants } from 'node:fs';
import { AccessTokenCredentials } from '@oauth2/core';
import { nodeCredentialFs } from '@oauth2/core/fs';
import { Multistore } from '@oauth2/storage-multistore';
import { wrapHandle } from '@oauth2/test-kit/fs-faults';

// If the test runner dies, do not linger.
process.on('disconnect', () => process.exit(1));

const [path, staleMs] = process.argv.slice(2);
const fs = {
  ...nodeCredentialFs,
  async open(p, flags, mode) {
    const handle = await nodeCredentialFs.open(p, flags, mode);
    if ((flags & constants.O_EXCL) === 0) return handle;
    return wrapHandle(handle, {
      async writeFile(data) {
        await handle.writeFile(data);
        process.send({ inCriticalSection: true });
        // Stay alive (a pending promise alone would let the process exit and release the lock).
        setInterval(() => {}, 60_000);
        await new Promise(() => {});
      },
    });
  },
};
const store = new Multistore(path, { fs, staleMs: Number(staleMs) });
await store
  .storage({ key: 'doomed' })
  .put(new AccessTokenCredentials({ accessToken: 'never-acked' }));

// Puts one credential with a FileStorage whose file system stops forever at a chosen point, so that
// the parent can SIGKILL it there (adversarial F4). Imports the BUILT packages.
import { constants } from 'node:fs';
import { dirname } from 'node:path';
import { Credentials } from '@oauth2/core';
import { nodeCredentialFs } from '@oauth2/core/fs';
import { FileStorage } from '@oauth2/storage-file';
import { wrapHandle } from '@oauth2/test-kit/fs-faults';

// If the test runner dies, do not linger.
process.on('disconnect', () => process.exit(1));

const [path, point, json] = process.argv.slice(2);
const stop = async (at) => {
  if (at !== point) return;
  process.send({ at });
  // Stay alive (a pending promise alone would let the process exit and release the lock).
  setInterval(() => {}, 60_000);
  await new Promise(() => {});
};

const fs = {
  ...nodeCredentialFs,
  async open(p, flags, mode) {
    if (p === path) await stop('locked'); // the first thing a put does under the lock: read the old file
    const handle = await nodeCredentialFs.open(p, flags, mode);
    const role = p === dirname(path) ? 'dir' : (flags & constants.O_EXCL) !== 0 ? 'temp' : 'other';
    return wrapHandle(handle, {
      async writeFile(data) {
        await handle.writeFile(data);
        if (role === 'temp') await stop('temp-written');
      },
      async sync() {
        await handle.sync();
        if (role === 'temp') await stop('after-fsync');
        if (role === 'dir') await stop('dir-fsync');
      },
    });
  },
  async rename(from, to) {
    await nodeCredentialFs.rename(from, to);
    await stop('after-rename');
  },
};

const storage = new FileStorage(path, { fs, staleMs: 2000 });
await storage.put(Credentials.newFromJson(json));
process.send({ done: true }, () => process.exit(0));

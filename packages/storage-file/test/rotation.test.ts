/**
 * Real processes on one credential file against a rotating authorization server (issue 9,
 * adversarial R8 and R10; the in-process cases R1-R7 are in core's test/refresh-store.test.ts).
 */
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { OAuth2Credentials } from '@oauth2/core';
import {
  grantCredentialFields,
  revokeWhileRefreshingScenario,
  twoClocksScenario,
  useRotatingTokenServer,
  useTempDir,
  useWorkerProcesses,
} from '@oauth2/test-kit';
import { describe, expect, it } from 'vitest';
import { FileStorage } from '../src/index.js';

const workers = useWorkerProcesses(new URL('./workers/', import.meta.url), [
  'core',
  'storage-file',
]);
const tmp = useTempDir('oauth2-rotation-');
const server = useRotatingTokenServer();

/** A file holding an expired credential of a fresh grant. */
async function storedGrant(): Promise<{ path: string; id: number }> {
  const grant = server.issueGrant();
  const path = join(tmp.dir, 'creds.json');
  await new FileStorage(path).put(new OAuth2Credentials(grantCredentialFields(server, grant)));
  return { path, id: grant.id };
}

describe('R8 two processes on one file, clocks two hours apart, rotating server', () => {
  it('25 random refreshes/reads each: no token presented twice, none invalid, grant alive, file holds the newest', async () => {
    const { path, id } = await storedGrant();
    const fleet = { fork: (offset: number) => workers.fork('refresher', [path, String(offset)]) };
    const refreshes = await twoClocksScenario(fleet, server, id);
    console.log(`R8: ${refreshes} refreshes served, 0 replays`);
    expect(refreshes).toBeGreaterThan(1);
    const stored = (await new FileStorage(path).get()) as OAuth2Credentials;
    expect(stored.refreshToken).toBe(server.currentRefreshToken(id));
    expect(stored.invalid).toBe(false);
  }, 60_000);
});

describe('R10 revoke in one process while another refreshes the same file', () => {
  it('the revoke waits, ends the grant with the rotated token, and the file stays deleted', async () => {
    const { path, id } = await storedGrant();
    const local = (await new FileStorage(path).get()) as OAuth2Credentials;
    const fleet = { fork: (offset: number) => workers.fork('refresher', [path, String(offset)]) };
    await revokeWhileRefreshingScenario(fleet, server, id, local, () =>
      access(path).then(
        () => true,
        () => false,
      ),
    );
  }, 60_000);
});

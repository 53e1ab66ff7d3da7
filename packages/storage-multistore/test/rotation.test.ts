/**
 * Real processes on one multistore entry against a rotating authorization server (issue 9,
 * adversarial R9 and R11; the in-process cases R1-R7 are in core's test/refresh-store.test.ts).
 */
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
import { getCredentialStorageCustomStringKey, Multistore } from '../src/index.js';

const workers = useWorkerProcesses(new URL('./workers/', import.meta.url), [
  'core',
  'storage-multistore',
]);
const tmp = useTempDir('oauth2-rotation-');
const server = useRotatingTokenServer();

/** A multistore holding an expired credential of a fresh grant under `shared`, and a bystander. */
async function storedGrant(): Promise<{ path: string; id: number }> {
  const grant = server.issueGrant();
  const path = join(tmp.dir, 'multi.json');
  const credentials = new OAuth2Credentials(grantCredentialFields(server, grant));
  await getCredentialStorageCustomStringKey(path, 'shared').put(credentials);
  await getCredentialStorageCustomStringKey(path, 'bystander').put(credentials);
  return { path, id: grant.id };
}

const fleetOf = (path: string) => ({
  fork: (offset: number) => workers.fork('refresher', [path, 'shared', String(offset)]),
});

describe('R9 two processes on one multistore entry, clocks two hours apart, rotating server', () => {
  it('25 random refreshes/reads each: no token presented twice, none invalid, grant alive, entry holds the newest', async () => {
    const { path, id } = await storedGrant();
    const refreshes = await twoClocksScenario(fleetOf(path), server, id);
    console.log(`R9: ${refreshes} refreshes served, 0 replays`);
    expect(refreshes).toBeGreaterThan(1);
    const stored = (await getCredentialStorageCustomStringKey(path, 'shared').get()) as
      | OAuth2Credentials
      | undefined;
    expect(stored?.refreshToken).toBe(server.currentRefreshToken(id));
    expect(stored?.invalid).toBe(false);
  }, 60_000);
});

describe('R11 revoke in one process while another refreshes the same multistore entry', () => {
  it('the revoke waits, ends the grant with the rotated token, and the entry stays deleted', async () => {
    const { path, id } = await storedGrant();
    const local = (await getCredentialStorageCustomStringKey(
      path,
      'shared',
    ).get()) as OAuth2Credentials;
    await revokeWhileRefreshingScenario(fleetOf(path), server, id, local, async () =>
      (await new Multistore(path).keys()).some((k) => k.key === 'shared'),
    );
    expect(await new Multistore(path).keys()).toEqual([{ key: 'bystander' }]);
  }, 60_000);
});

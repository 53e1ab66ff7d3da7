// Issue 9 for ADC (IDs H4f, H5i-H5j): the ADC file named by the environment goes through core's
// one reader: a FIFO fails fast, ssh's ownership and mode rule applies. Real files, real chown.
import { execFileSync } from 'node:child_process';
import { chmod, chown } from 'node:fs/promises';
import { join } from 'node:path';
import { ApplicationDefaultCredentialsError } from '@oauth2/core/errors';
import { isRoot, posix } from '@oauth2/test-kit';
import { describe, expect, it } from 'vitest';
import { ApplicationDefaultCredentials } from '../src/index.js';
import { authorizedUser, useMetadataServer, useTempHome } from './helpers.js';

const home = useTempHome();
const metadata = useMetadataServer();

async function adcErrorFor(path: string): Promise<ApplicationDefaultCredentialsError> {
  const adc = new ApplicationDefaultCredentials({
    env: { ...metadata.env(), GOOGLE_APPLICATION_CREDENTIALS: path },
    homeDir: home.home,
    platform: 'linux',
  });
  const err = await adc.getApplicationDefault().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ApplicationDefaultCredentialsError);
  return err as ApplicationDefaultCredentialsError;
}

describe.runIf(posix)('the ADC file is read by the one reader', () => {
  it('H4f a FIFO named by GOOGLE_APPLICATION_CREDENTIALS fails fast, naming the variable', async () => {
    const fifo = join(home.home, 'adc.json');
    execFileSync('mkfifo', [fifo]);
    const err = await adcErrorFor(fifo);
    expect(err.message).toContain('GOOGLE_APPLICATION_CREDENTIALS');
    expect(err.message).toContain('not a regular file');
  });

  it('H5i a group-writable ADC file is refused with the chmod that fixes it', async () => {
    const path = await home.write('adc.json', authorizedUser());
    await chmod(path, 0o664);
    expect((await adcErrorFor(path)).message).toContain('chmod 600');
  });

  it.runIf(isRoot)('H5j an ADC file owned by another user is refused', async () => {
    const path = await home.write('adc.json', authorizedUser());
    await chown(path, 31337, 31337);
    expect((await adcErrorFor(path)).message).toContain('owned by another user');
  });
});

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OAuth2Credentials } from '@oauth2/core';
import { canary } from '@oauth2/test-kit';

/** A credential whose secrets all carry canaries. */
export function makeCredentials(overrides: { tokenUri?: string } = {}): OAuth2Credentials {
  return new OAuth2Credentials({
    accessToken: canary('ya29.'),
    clientId: 'client-id.apps.example',
    clientSecret: canary('secret-'),
    refreshToken: canary('1//'),
    tokenExpiry: new Date('2030-01-01T00:00:00Z'),
    tokenUri: overrides.tokenUri ?? 'https://oauth2.example/token',
    userAgent: 'storage-test/1.0',
    scopes: ['email'],
  });
}

/** A fresh temporary directory, removed by the returned cleanup. */
export async function tempDir(
  prefix = 'oauth2-multi-',
): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

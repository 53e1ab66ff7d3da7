import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { InvalidClientSecretsError, UnknownClientSecretsFlowError } from '@oauth2/core';
import { useTempDir } from '@oauth2/test-kit';
import { describe, expect, it } from 'vitest';
import { OAuth2ConfigurationError } from '../errors.js';
import { CONFIGURATION_NOT_FOUND, resolveClient } from './client-config.js';

const dir = useTempDir();

function secretsFile(type: string): string {
  const path = join(dir.dir, `${type}.json`);
  writeFileSync(
    path,
    JSON.stringify({
      [type]: {
        client_id: `${type}-id`,
        client_secret: `${type}-secret`,
        redirect_uris: ['http://localhost/oauth2callback'],
        auth_uri: 'https://op.example/auth',
        token_uri: 'https://op.example/token',
      },
    }),
  );
  return path;
}

describe('resolveClient (oauth2client init_app order)', () => {
  it('1. explicit clientId + clientSecret win over everything', () => {
    const env = { GOOGLE_OAUTH2_CLIENT_ID: 'env-id', GOOGLE_OAUTH2_CLIENT_SECRET: 'env-secret' };
    expect(
      resolveClient(
        { clientId: 'id', clientSecret: 's', clientSecretsFile: secretsFile('web') },
        env,
      ),
    ).toEqual({ clientId: 'id', clientSecret: 's' });
  });

  it('2. clientSecretsFile, with its endpoints', () => {
    expect(resolveClient({ clientSecretsFile: secretsFile('web') }, {})).toMatchObject({
      clientId: 'web-id',
      clientSecret: 'web-secret',
      tokenUri: 'https://op.example/token',
    });
  });

  it('3. env GOOGLE_OAUTH2_CLIENT_SECRETS_FILE before 4. the id/secret variables', () => {
    const env = {
      GOOGLE_OAUTH2_CLIENT_SECRETS_FILE: secretsFile('web'),
      GOOGLE_OAUTH2_CLIENT_ID: 'env-id',
      GOOGLE_OAUTH2_CLIENT_SECRET: 'env-secret',
    };
    expect(resolveClient({}, env).clientId).toBe('web-id');
    const { GOOGLE_OAUTH2_CLIENT_SECRETS_FILE: _, ...rest } = env;
    expect(resolveClient({}, rest)).toEqual({ clientId: 'env-id', clientSecret: 'env-secret' });
  });

  it('a lone clientId is not enough; nothing found gives the original message', () => {
    const attempt = () => resolveClient({ clientId: 'id' }, {});
    expect(attempt).toThrow(OAuth2ConfigurationError);
    expect(attempt).toThrow(CONFIGURATION_NOT_FOUND);
    expect(CONFIGURATION_NOT_FOUND).toContain('set the app configuration variables');
  });

  it('refuses an installed client with the original message', () => {
    const attempt = () => resolveClient({ clientSecretsFile: secretsFile('installed') }, {});
    expect(attempt).toThrow(UnknownClientSecretsFlowError);
    expect(attempt).toThrow('The flow specified in installed is not supported.');
  });

  it('a missing or invalid file is an InvalidClientSecretsError naming it', () => {
    const missing = join(dir.dir, 'missing.json');
    expect(() => resolveClient({ clientSecretsFile: missing }, {})).toThrow(
      `File not found: "${missing}"`,
    );
    const bad = join(dir.dir, 'bad.json');
    writeFileSync(bad, '{"web": ');
    expect(() => resolveClient({ clientSecretsFile: bad }, {})).toThrow(InvalidClientSecretsError);
  });
});

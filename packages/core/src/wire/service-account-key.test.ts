import { describe, expect, it } from 'vitest';
import { checkCredentialFields, parseServiceAccountKey } from './service-account-key.js';

const key = {
  type: 'service_account',
  client_id: '123',
  client_email: 'sa@p.iam.gserviceaccount.com',
  private_key_id: 'kid',
  private_key: '-----BEGIN PRIVATE KEY-----\n...',
};

describe('parseServiceAccountKey (the one key-file parser: crypt and adc call it)', () => {
  it('reads the fields; empty optional fields read as undefined', () => {
    const result = parseServiceAccountKey({ ...key, project_id: 'p', token_uri: '' });
    expect(result).toEqual({
      ok: true,
      key: {
        clientEmail: 'sa@p.iam.gserviceaccount.com',
        clientId: '123',
        privateKeyId: 'kid',
        privateKey: key.private_key,
        projectId: 'p',
        quotaProjectId: undefined,
        tokenUri: undefined,
        revokeUri: undefined,
      },
    });
  });

  it('reports every field problem in oauth2client order, naming fields only', () => {
    const result = parseServiceAccountKey({
      ...key,
      client_email: undefined,
      private_key: null,
      client_id: 7,
      token_uri: 'file:///etc/passwd',
      revoke_uri: ['x'],
    });
    expect(result).toEqual({
      ok: false,
      issues: [
        { field: 'client_id', problem: 'not_string' },
        { field: 'client_email', problem: 'missing' },
        { field: 'private_key', problem: 'missing' },
        { field: 'token_uri', problem: 'not_http_url' },
        { field: 'revoke_uri', problem: 'not_string' },
      ],
    });
  });

  it('refuses another type, and ignores inherited properties', () => {
    expect(parseServiceAccountKey({ ...key, type: 'authorized_user' })).toEqual({
      ok: false,
      issues: [{ field: 'type', problem: 'wrong_value' }],
    });
    const inherited = Object.assign(Object.create({ client_id: 'x' }), { ...key });
    delete inherited.client_id;
    expect(checkCredentialFields(inherited, ['client_id'])).toEqual([
      { field: 'client_id', problem: 'missing' },
    ]);
  });
});

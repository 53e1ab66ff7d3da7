import { canary, useLoopbackServer } from '@oauth2/test-kit';
import { describe, expect, it } from 'vitest';
import { AssertionCredentials } from './assertion-credentials.js';
import { GOOGLE_REVOKE_URI, GOOGLE_TOKEN_URI } from './wire/endpoints.js';

class TestAssertion extends AssertionCredentials {
  static override readonly jsonModule = 'oauth2client.test';
  static override readonly jsonClass = 'TestAssertion';
  calls = 0;
  protected override async generateAssertion(): Promise<string> {
    this.calls++;
    return `header.payload-${this.calls}.signature`;
  }
}

const server = useLoopbackServer({ per: 'file' });

describe('AssertionCredentials (spec §2.1, §5.5)', () => {
  it('defaults tokenUri and revokeUri to Google’s endpoints', () => {
    const c = new TestAssertion();
    expect([c.tokenUri, c.revokeUri, c.assertionType]).toEqual([
      GOOGLE_TOKEN_URI,
      GOOGLE_REVOKE_URI,
      null,
    ]);
  });

  it('sends assertion=<jwt>&grant_type=jwt-bearer (in that order) and takes the token', async () => {
    const accessToken = canary('at-');
    server.route('POST', '/token', { body: { access_token: accessToken, expires_in: 3600 } });
    const c = new TestAssertion({ tokenUri: server.urlOf('/token'), userAgent: 'sa/1' });
    expect((await c.getAccessToken()).accessToken).toBe(accessToken);
    const [req] = server.requestsTo('/token');
    expect(req?.body).toBe(
      'assertion=header.payload-1.signature&grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer',
    );
    expect(req?.headers['user-agent']).toBe('sa/1');
    expect(c.calls).toBe(1);
  });

  it('shares one assertion and one request among concurrent callers', async () => {
    server.route('POST', '/token2', {
      delayMs: 20,
      body: { access_token: canary(), expires_in: 3600 },
    });
    const c = new TestAssertion({ tokenUri: server.urlOf('/token2') });
    await Promise.all(Array.from({ length: 20 }, () => c.getAccessToken()));
    expect([c.calls, server.count('/token2')]).toEqual([1, 1]);
  });

  it('revokes the access token without client authentication (the grant had none)', async () => {
    server.route('POST', '/revoke', { body: '' });
    const c = new TestAssertion({
      accessToken: 'CANARY-a',
      clientId: '1234567890',
      clientSecret: 'CANARY-never-sent',
      revokeUri: server.urlOf('/revoke'),
    });
    await c.revoke();
    expect([...(server.requestsTo('/revoke')[0]?.form ?? [])]).toEqual([
      ['token', 'CANARY-a'],
      ['token_type_hint', 'access_token'],
    ]);
  });

  it('serializes assertion_type after the OAuth2 keys, under its own _module/_class', () => {
    const json = JSON.parse(new TestAssertion({ assertionType: 'x' }).toJson()) as Record<
      string,
      unknown
    >;
    const keys = Object.keys(json);
    expect(keys.slice(-4)).toEqual(['invalid', 'assertion_type', '_class', '_module']);
    expect(json).toMatchObject({
      assertion_type: 'x',
      _class: 'TestAssertion',
      _module: 'oauth2client.test',
    });
  });
});

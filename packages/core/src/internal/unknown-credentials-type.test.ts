import { assertNoCanary, canary } from '@oauth2/test-kit';
import { describe, expect, it } from 'vitest';
import { unknownCredentialsTypeMessage } from './unknown-credentials-type.js';

const CRYPT = /with \w+ from @oauth2\/crypt once at start-up/;
const GCE =
  /call Credentials\.register\(AppAssertionCredentials\) with AppAssertionCredentials from @oauth2\/gce once at start-up/;

describe('unknownCredentialsTypeMessage', () => {
  it.each([
    [
      'oauth2client.service_account',
      'ServiceAccountCredentials',
      'oauth2client.service_account',
      CRYPT,
    ],
    [
      'oauth2client.service_account',
      '_JWTAccessCredentials',
      'oauth2client.service_account',
      CRYPT,
    ],
    ['oauth2client.client', 'SignedJwtAssertionCredentials', 'oauth2client.client', CRYPT],
    ['oauth2client.gce', 'AppAssertionCredentials', 'oauth2client.gce', GCE],
    // 4.x spelling, canonicalized by the caller; the message quotes what the file says.
    ['oauth2client.contrib.gce', 'AppAssertionCredentials', 'oauth2client.gce', GCE],
  ])(
    '%s.%s → names it and says which registration function to call',
    (module, cls, canonical, hint) => {
      const message = unknownCredentialsTypeMessage(module, cls, canonical);
      expect(message).toContain(`for ${module}.${cls};`);
      expect(message).toMatch(hint);
    },
  );

  it('another Python name: quoted, with the general hint', () => {
    const message = unknownCredentialsTypeMessage('my_app.creds', 'Custom2', 'my_app.creds');
    expect(message).toBe(
      'No credential class is registered for my_app.creds.Custom2; call ' +
        'Credentials.register(YourClass) with the class that reads it (its static jsonModule, ' +
        'jsonClass and fromJson).',
    );
  });

  const secret = canary();
  it.each([
    ['a secret', secret, 'OAuth2Credentials'],
    ['a quote and a newline', 'oauth2client.client"\nInjected: yes', 'X'],
    ['a space', 'oauth2client.client', 'Foo Bar'],
    ['a leading digit', '1module', 'X'],
    ['an empty class', 'oauth2client.client', ''],
    ['a non-ASCII letter', 'oauth2client.client', 'Crédentials'],
    ['102 characters', `a${'b'.repeat(101)}`, 'X'],
    ['a path', '../../etc/passwd', 'X'],
    ['a service-account class in a bad module', 'x-y', 'ServiceAccountCredentials'],
  ])('%s → "an unrecognised _module/_class", nothing quoted', (_label, module, cls) => {
    const message = unknownCredentialsTypeMessage(module, cls, module);
    expect(message).toContain('registered for an unrecognised _module/_class;');
    if (module.length > 0) expect(message).not.toContain(module);
    if (cls.length > 1) expect(message).not.toContain(cls);
    assertNoCanary(message, 'the message');
  });

  it('101 characters is still a name', () => {
    const module = `a${'b'.repeat(100)}`;
    expect(unknownCredentialsTypeMessage(module, 'X', module)).toContain(`${module}.X;`);
  });
});

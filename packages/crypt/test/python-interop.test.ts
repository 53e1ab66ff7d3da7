import { runPython, testKeys } from '@oauth2/test-kit';
import { describe, expect, it } from 'vitest';
import { makeSignedJwt, Signer, verifySignedJwtWithCerts } from '../src/index.js';

// The real oauth2client 4.1.3 under /usr/bin/python3 (spec §5; issue 6 "Interop").
const PY_VERIFY = `
import json, sys
from oauth2client import crypt
data = json.load(sys.stdin)
print(json.dumps(crypt.verify_signed_jwt_with_certs(data['jwt'].encode('ascii'), data['certs'], data['aud'])))
`;

const PY_SIGN = `
import json, sys
from oauth2client import crypt
data = json.load(sys.stdin)
signer = crypt.Signer.from_string(data['key'])
print(crypt.make_signed_jwt(signer, data['payload'], key_id=data['kid']).decode('ascii'))
`;

const AUD = 'https://oauth2.googleapis.com/token';

function claims(): Record<string, unknown> {
  const now = Math.floor(Date.now() / 1000);
  return {
    iss: 'interop@example.iam.gserviceaccount.com',
    scope: 'a b',
    aud: AUD,
    iat: now,
    exp: now + 3600,
    name: 'Zoë',
  };
}

describe('interop with oauth2client 4.1.3', () => {
  it('a JWT signed here verifies in Python', async () => {
    const payload = claims();
    const jwt = await makeSignedJwt(
      Signer.fromString(testKeys.privateKeyPkcs8WithBagAttributes),
      payload,
      { keyId: 'foo' },
    );
    const out = await runPython(
      PY_VERIFY,
      JSON.stringify({ jwt, certs: testKeys.certsJson, aud: AUD }),
    );
    expect(JSON.parse(out)).toEqual(payload);
  });

  it('a JWT signed in Python verifies here, and is byte-identical to ours', async () => {
    // DEL and an exponent-form float: Python escapes the one and writes the other as 1e-07.
    const payload = { ...claims(), note: 'del\u007f', tiny: 1e-7 };
    const input = JSON.stringify({ key: testKeys.privateKeyPem, payload, kid: 'foo' });
    const jwt = (await runPython(PY_SIGN, input)).trim();
    expect(await verifySignedJwtWithCerts(jwt, testKeys.certsJson, AUD)).toEqual(payload);
    const ours = await makeSignedJwt(Signer.fromString(testKeys.privateKeyPem), payload, {
      keyId: 'foo',
    });
    expect(ours).toBe(jwt);
  });

  it('Python rejects a JWT of ours whose signature was tampered with', async () => {
    const jwt = await makeSignedJwt(Signer.fromString(testKeys.privateKeyPem), claims());
    const [h, p] = jwt.split('.');
    const forged = `${h}.${p}.${Buffer.alloc(256, 1).toString('base64url')}`;
    const code = `${PY_VERIFY.replace('print(', 'try:\n    print(').replace("['aud'])))", "['aud'])))\nexcept crypt.AppIdentityError as e:\n    print('AppIdentityError', str(e).split(':')[0])")}`;
    const out = await runPython(
      code,
      JSON.stringify({ jwt: forged, certs: testKeys.certsJson, aud: AUD }),
    );
    expect(out.trim()).toBe('AppIdentityError Invalid token signature');
  });
});

import type { CredentialsRuntimeOptions } from '@oauth2/core';
import { GOOGLE_REVOKE_URI, GOOGLE_TOKEN_URI, OAuth2Error } from '@oauth2/core';
import { readCredentialFile } from '@oauth2/core/fs';
import { CryptoUnavailableError, InvalidKeyError, ServiceAccountKeyError } from '../errors.js';
import type { ServiceAccountCredentialsOptions } from '../service-account-credentials.js';
import { Signer } from '../signer.js';
import {
  type JsonSource,
  jsonObject,
  optionalObject,
  optionalString,
  requiredString,
} from './json-fields.js';

/** Largest key file read: real ones are about 2.3 KB. */
const MAX_KEYFILE_BYTES = 64 * 1024;

/**
 * Read (when given a path) and parse a service-account key file, and check its `type`.
 * @throws {ServiceAccountKeyError} unreadable, too large, not a JSON object, or not `service_account`.
 */
export async function loadKeyfile(
  keyfile: string | Record<string, unknown>,
): Promise<{ data: Record<string, unknown>; source: JsonSource }> {
  let data: Record<string, unknown>;
  let source: JsonSource;
  if (typeof keyfile === 'string') {
    source = { where: keyfile, file: keyfile };
    let text: string;
    try {
      // Core's one reader: no FIFO or device, a size cap, ssh's ownership and mode rule.
      const bytes = await readCredentialFile(keyfile, {
        followSymlinks: true,
        maxBytes: MAX_KEYFILE_BYTES,
        requirePrivate: true,
      });
      if (bytes === undefined) throw Object.assign(new Error('missing'), { code: 'ENOENT' });
      text = bytes.toString('utf8');
    } catch (err) {
      const code = (err as { code?: unknown }).code;
      const why =
        err instanceof OAuth2Error && !/^E[A-Z]+$/.test(err.code)
          ? `: ${err.message}`
          : typeof code === 'string'
            ? ` (${code}).`
            : '.';
      throw new ServiceAccountKeyError(
        `Cannot read the service account key file ${keyfile}${why}`,
        {
          file: keyfile,
        },
      );
    }
    data = jsonObject(text, source);
  } else {
    source = { where: 'service account key object' };
    data = jsonObject(keyfile, source);
  }
  if (data.type !== 'service_account') {
    const shown =
      typeof data.type === 'string' && /^[a-z_]{1,40}$/.test(data.type)
        ? `"${data.type}"`
        : 'missing or invalid';
    throw new ServiceAccountKeyError(
      `Unexpected credentials type ${shown} in ${source.where}; expected "service_account".`,
      { ...(source.file !== undefined && { file: source.file }) },
    );
  }
  return { data, source };
}

export function keyfileSigner(pem: string, source: JsonSource): Signer {
  try {
    return Signer.fromString(pem);
  } catch (err) {
    if (err instanceof CryptoUnavailableError) throw err;
    const reason = err instanceof InvalidKeyError ? err.message : 'it could not be parsed.';
    throw new ServiceAccountKeyError(
      `The private_key in ${source.where} is not usable: ${reason}`,
      {
        ...(source.file !== undefined && { file: source.file }),
      },
    );
  }
}

/** The 4.1.3 serialized fields, as constructor options (spec §1.8 `from_json`). */
export function readServiceAccountJson(
  data: Record<string, unknown>,
  source: JsonSource,
): Omit<ServiceAccountCredentialsOptions, keyof CredentialsRuntimeOptions> {
  if (data._private_key_pkcs12 !== undefined && data._private_key_pkcs12 !== null) {
    throw new CryptoUnavailableError(
      `${source.where} holds a PKCS#12 key, which is not supported. Convert the .p12 file to PEM (openssl pkcs12 -in key.p12 -nodes -nocerts -passin pass:notasecret | openssl rsa -out key.pem) and load it with ServiceAccountCredentials.fromPem.`,
    );
  }
  const pem = requiredString(data, '_private_key_pkcs8_pem', source);
  return {
    serviceAccountEmail: requiredString(data, '_service_account_email', source),
    signer: keyfileSigner(pem, source),
    privateKeyPkcs8Pem: pem,
    scopes: optionalString(data, '_scopes', source) ?? '',
    privateKeyId: optionalString(data, '_private_key_id', source),
    clientId: optionalString(data, 'client_id', source),
    userAgent: optionalString(data, '_user_agent', source),
    tokenUri: optionalString(data, 'token_uri', source) ?? GOOGLE_TOKEN_URI,
    revokeUri: optionalString(data, 'revoke_uri', source) ?? GOOGLE_REVOKE_URI,
    additionalClaims: optionalObject(data, '_kwargs', source),
  };
}

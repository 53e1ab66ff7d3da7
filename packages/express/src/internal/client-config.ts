import { readFileSync } from 'node:fs';
import {
  InvalidClientSecretsError,
  parseClientSecrets,
  parseJson,
  UnknownClientSecretsFlowError,
} from '@oauth2/core';
import { OAuth2ConfigurationError } from '../errors.js';

/** The OAuth client the middleware signs users in with. */
export interface ClientConfig {
  clientId: string;
  clientSecret: string | undefined;
  /** Endpoints from a client-secrets file, when one was used. */
  authUri?: string;
  tokenUri?: string;
  revokeUri?: string;
}

/** The client inputs, in the order oauth2client's `init_app` looked at them (spec §14.1). */
export interface ClientInputs {
  clientId?: string | undefined;
  clientSecret?: string | undefined;
  clientSecretsFile?: string | undefined;
}

/** oauth2client 4.x `init_app` wording (1.5.2 lacked the space in "the app"). */
export const CONFIGURATION_NOT_FOUND =
  'OAuth2 configuration could not be found. Either specify the client_secrets_file or client_id and client_secret or set the app configuration variables GOOGLE_OAUTH2_CLIENT_SECRETS_FILE or GOOGLE_OAUTH2_CLIENT_ID and GOOGLE_OAUTH2_CLIENT_SECRET.';

/**
 * Find the client: explicit `clientId` + `clientSecret`; `clientSecretsFile`; the environment's
 * `GOOGLE_OAUTH2_CLIENT_SECRETS_FILE`; then `GOOGLE_OAUTH2_CLIENT_ID` + `GOOGLE_OAUTH2_CLIENT_SECRET`.
 * Synchronous on purpose: a misconfigured app fails at start-up, not on the first sign-in.
 *
 * @throws {OAuth2ConfigurationError} nothing found (oauth2client's message).
 * @throws {UnknownClientSecretsFlowError} the file is not a `web` client.
 * @throws {InvalidClientSecretsError} the file is missing or invalid.
 */
export function resolveClient(inputs: ClientInputs, env: NodeJS.ProcessEnv): ClientConfig {
  if (inputs.clientId && inputs.clientSecret) {
    return { clientId: inputs.clientId, clientSecret: inputs.clientSecret };
  }
  const file = inputs.clientSecretsFile ?? env.GOOGLE_OAUTH2_CLIENT_SECRETS_FILE;
  if (file) return fromClientSecretsFile(file);
  const envId = env.GOOGLE_OAUTH2_CLIENT_ID;
  const envSecret = env.GOOGLE_OAUTH2_CLIENT_SECRET;
  if (envId && envSecret) return { clientId: envId, clientSecret: envSecret };
  throw new OAuth2ConfigurationError(CONFIGURATION_NOT_FOUND);
}

function fromClientSecretsFile(path: string): ClientConfig {
  let json: unknown;
  try {
    json = parseJson(readFileSync(path, 'utf8'));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    // Core's wording for a missing file; never the parser's message (it may quote the file).
    throw new InvalidClientSecretsError(
      code === 'ENOENT'
        ? `File not found: "${path}"`
        : `Cannot read the client secrets file "${path}"${code ? ` (${code})` : ': it is not valid JSON'}.`,
    );
  }
  const { type, info } = parseClientSecrets(json, { source: path });
  if (type !== 'web') {
    throw new UnknownClientSecretsFlowError(`The flow specified in ${type} is not supported.`);
  }
  return {
    clientId: info.client_id,
    clientSecret: info.client_secret ?? undefined,
    authUri: info.auth_uri,
    tokenUri: info.token_uri,
    ...(typeof info.revoke_uri === 'string' && { revokeUri: info.revoke_uri }),
  };
}

import { readFile } from 'node:fs/promises';
import { InvalidClientSecretsError, loadClientSecrets } from '@oauth2/core';
import { type Parsed, str } from './args.js';
import type { Profile } from './config.js';
import { UsageError } from './io.js';

/** The OAuth client the login uses. */
export interface ClientConfig {
  clientId: string;
  clientSecret: string | undefined;
  /** Endpoints from a client_secrets.json (used when no --issuer is given). */
  authUri?: string | undefined;
  tokenUri?: string | undefined;
  revokeUri?: string | undefined;
}

/**
 * The client: `--client-secrets FILE` (an "installed" client_secrets.json, loaded by core with
 * its messages), or `--client-id` with the secret from `--client-secret-file`, or the
 * `OAUTH2_CLIENT_SECRET` environment variable, or none (a public client with PKCE). Each
 * setting: flag, then environment, then profile.
 * @throws {UsageError} no client at all.
 * @throws {InvalidClientSecretsError} the file is missing or invalid, or is not an "installed" client.
 */
export async function loadClient(
  args: Parsed,
  env: NodeJS.ProcessEnv,
  profile: Profile,
): Promise<ClientConfig> {
  const secretsFile =
    str(args, 'client-secrets') ?? env.OAUTH2_CLIENT_SECRETS ?? profile.clientSecrets;
  if (secretsFile) {
    const { type, info } = await loadClientSecrets(secretsFile);
    if (type !== 'installed') {
      throw new InvalidClientSecretsError(
        `Invalid file format. The client secrets file ${secretsFile} is for a "${type}" application; a command-line login needs an "installed" (desktop) client, whose loopback redirect URIs accept any port.`,
      );
    }
    return {
      clientId: info.client_id,
      clientSecret: info.client_secret ?? undefined,
      authUri: info.auth_uri,
      tokenUri: info.token_uri,
      revokeUri: typeof info.revoke_uri === 'string' ? info.revoke_uri : undefined,
    };
  }
  const clientId = str(args, 'client-id') ?? env.OAUTH2_CLIENT_ID ?? profile.clientId;
  if (!clientId) {
    throw new UsageError(
      'No OAuth client: pass --client-secrets FILE (an "installed" client_secrets.json) or --client-id ID (env OAUTH2_CLIENT_SECRETS / OAUTH2_CLIENT_ID, or in the profile).',
    );
  }
  const secretFile =
    str(args, 'client-secret-file') ?? env.OAUTH2_CLIENT_SECRET_FILE ?? profile.clientSecretFile;
  let clientSecret = env.OAUTH2_CLIENT_SECRET || undefined;
  if (secretFile) {
    try {
      clientSecret = (await readFile(secretFile, 'utf8')).trim();
    } catch (err) {
      throw new UsageError(
        `Cannot read the client secret file ${secretFile} (${(err as NodeJS.ErrnoException).code ?? 'error'}).`,
      );
    }
  }
  return { clientId, clientSecret };
}

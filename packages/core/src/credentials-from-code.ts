import type { ClientSecretsCache } from './client-secrets.js';
import { flowFromClientSecrets } from './flow-from-client-secrets.js';
import type { Clock } from './http/clock.js';
import type { FetchLike } from './http/request.js';
import type { OAuth2Credentials } from './oauth2-credentials.js';
import { OAuth2WebServerFlow } from './web-server-flow.js';

/** Settings shared by both helpers. */
interface CodeExchangeSettings {
  /** Required; a list is joined with spaces. */
  scope: string | Iterable<string>;
  /** The redirect URI the code was issued for (default `postmessage`, Google's JS sign-in). */
  redirectUri?: string | undefined;
  /** The PKCE verifier, when the client that obtained the code used PKCE. */
  codeVerifier?: string | undefined;
  userAgent?: string | undefined;
  deviceUri?: string | undefined;
  tokenInfoUri?: string | undefined;
  fetch?: FetchLike | undefined;
  clock?: Clock | undefined;
  timeoutMs?: number | undefined;
  signal?: AbortSignal | undefined;
}

/** Options of {@link credentialsFromCode}. */
export interface CredentialsFromCodeOptions extends CodeExchangeSettings {
  clientId: string;
  clientSecret?: string | undefined;
  authUri?: string | undefined;
  tokenUri?: string | undefined;
  revokeUri?: string | undefined;
}

/** Options of {@link credentialsFromClientSecretsAndCode}. */
export interface CredentialsFromClientSecretsAndCodeOptions extends CodeExchangeSettings {
  cache?: ClientSecretsCache | undefined;
}

/**
 * Exchange an authorization code obtained elsewhere (typically by a browser with Google's
 * JavaScript sign-in, hence the `postmessage` default redirect URI) for credentials. Port of
 * `oauth2client.client.credentials_from_code`. Sent once, never retried.
 *
 * @throws {FlowExchangeError} the token endpoint refused the code or could not be reached.
 * @throws {VerifyJwtTokenError} the response's `id_token` is malformed.
 * @example
 * const credentials = await credentialsFromCode(code, { clientId, clientSecret, scope: ['email'] });
 */
export async function credentialsFromCode(
  code: string,
  options: CredentialsFromCodeOptions,
): Promise<OAuth2Credentials> {
  const { codeVerifier, signal, redirectUri, ...flowOptions } = options;
  const flow = new OAuth2WebServerFlow({
    ...flowOptions,
    redirectUri: redirectUri ?? 'postmessage',
    pkce: false,
  });
  return flow.step2Exchange(code, { codeVerifier, signal });
}

/**
 * Load a `client_secrets.json` file and exchange an authorization code with its client. Port of
 * `oauth2client.client.credentials_from_clientsecrets_and_code` (without `message`/`sys.exit`).
 *
 * @throws {InvalidClientSecretsError} the file is missing or invalid (the message names it).
 * @throws {FlowExchangeError} the token endpoint refused the code or could not be reached.
 * @example
 * const credentials = await credentialsFromClientSecretsAndCode('client_secrets.json', code, {
 *   scope: 'email',
 * });
 */
export async function credentialsFromClientSecretsAndCode(
  path: string,
  code: string,
  options: CredentialsFromClientSecretsAndCodeOptions,
): Promise<OAuth2Credentials> {
  const { codeVerifier, signal, redirectUri, ...rest } = options;
  const flow = await flowFromClientSecrets(path, {
    ...rest,
    redirectUri: redirectUri ?? 'postmessage',
    pkce: false,
  });
  return flow.step2Exchange(code, { codeVerifier, signal });
}

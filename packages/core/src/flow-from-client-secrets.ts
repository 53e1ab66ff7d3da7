import { type ClientSecretsCache, loadClientSecrets } from './client-secrets.js';
import { UnknownClientSecretsFlowError } from './errors.js';
import { OAuth2WebServerFlow, type OAuth2WebServerFlowOptions } from './web-server-flow.js';

/** Options of {@link flowFromClientSecrets}: the flow options the file does not provide. */
export interface FlowFromClientSecretsOptions
  extends Omit<OAuth2WebServerFlowOptions, 'clientId' | 'clientSecret' | 'authUri' | 'revokeUri'> {
  /** The token endpoint; overrides the file's `token_uri` (a test server, a proxy). */
  tokenUri?: string | undefined;
  /** Default: the file's `redirect_uris` entry when it has exactly one. */
  redirectUri?: string | undefined;
  /** Cache for the parsed file (see `loadClientSecrets`). */
  cache?: ClientSecretsCache | undefined;
  /** Added to the authorization URL as `prompt` (oauth2client 4.1.1+). */
  prompt?: string | undefined;
}

/**
 * Build an {@link OAuth2WebServerFlow} from a `client_secrets.json` file: client id and secret,
 * `auth_uri`, `token_uri` (unless `options.tokenUri` is given), the redirect URI (unless
 * `options.redirectUri` is given, when the file lists exactly one) and (when the file has one)
 * `revoke_uri` come from the file, the rest from `options`. With several or no `redirect_uris`
 * and no `redirectUri`, `step1GetAuthorizeUrl` asks for one as before. Port of `oauth2client.client.flow_from_clientsecrets` (without its
 * `message`/`sys.exit` behaviour: errors are always thrown).
 *
 * @throws {InvalidClientSecretsError} the file is missing or invalid (the message names it).
 * @throws {UnknownClientSecretsFlowError} a cached entry declares a type other than web/installed.
 * @example
 * const flow = await flowFromClientSecrets('client_secrets.json', {
 *   scope: ['email'],
 *   redirectUri: 'http://127.0.0.1:8080/oauth2callback',
 * });
 * const { url } = flow.step1GetAuthorizeUrl();
 */
export async function flowFromClientSecrets(
  path: string,
  options: FlowFromClientSecretsOptions,
): Promise<OAuth2WebServerFlow> {
  const { cache, prompt, params, tokenUri, redirectUri, ...flowOptions } = options;
  const { type, info } = await loadClientSecrets(path, { cache });
  if (type !== 'web' && type !== 'installed') {
    throw new UnknownClientSecretsFlowError(
      `This OAuth 2.0 flow is unsupported: ${JSON.stringify(String(type))}`,
    );
  }
  return new OAuth2WebServerFlow({
    ...flowOptions,
    clientId: info.client_id,
    clientSecret: info.client_secret ?? undefined,
    authUri: info.auth_uri,
    tokenUri: tokenUri ?? info.token_uri,
    redirectUri: redirectUri ?? onlyEntry(info.redirect_uris),
    ...(typeof info.revoke_uri === 'string' && { revokeUri: info.revoke_uri }),
    params: prompt === undefined ? params : { ...params, prompt },
  });
}

/** The one entry of a list, else `undefined` (several redirect URIs leave the choice to the caller). */
function onlyEntry(list: readonly string[] | null | undefined): string | undefined {
  return list?.length === 1 ? list[0] : undefined;
}

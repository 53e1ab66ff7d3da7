import { OAuth2Error } from '../errors.js';
import { formEncode } from '../internal/form.js';

/** What goes into an authorization URL (spec §3.2). */
export interface AuthorizeUrlParts {
  authUri: string;
  clientId: string;
  redirectUri: string;
  scope: string;
  state?: string | undefined;
  loginHint?: string | undefined;
  /** S256 challenge; `code_challenge_method=S256` is added with it. */
  codeChallenge?: string | undefined;
  /** OpenID Connect `nonce`. */
  nonce?: string | undefined;
  /** Extra parameters, applied last so they override everything above (oauth2client kwargs). */
  params: Readonly<Record<string, string>>;
}

/**
 * Build the authorization URL in oauth2client's parameter order: the `authUri`'s own query, then
 * `client_id`, `redirect_uri`, `scope`, `state`, `login_hint`, `code_challenge`,
 * `code_challenge_method`, `nonce`, then `params`, encoded as Python's `urlencode` does.
 *
 * @throws {OAuth2Error} `code: 'invalid_argument'` when `authUri` is not an absolute URL or its
 *   query repeats a parameter (oauth2client 4.x raised ValueError).
 */
export function buildAuthorizeUrl(parts: AuthorizeUrlParts): string {
  let url: URL;
  try {
    url = new URL(parts.authUri);
  } catch {
    throw new OAuth2Error('The authorization endpoint (authUri) is not an absolute URL.', {
      code: 'invalid_argument',
    });
  }
  const query = new Map<string, string>();
  for (const [k, v] of new URLSearchParams(url.search)) {
    if (v === '') continue; // parse_qsl drops blank values
    if (query.has(k)) {
      throw new OAuth2Error(`The authorization endpoint's query repeats the parameter "${k}".`, {
        code: 'invalid_argument',
      });
    }
    query.set(k, v);
  }
  // Map.set keeps an existing key's position, as Python's dict.update does.
  const set = (k: string, v: string | undefined) => {
    if (v !== undefined) query.set(k, v);
  };
  set('client_id', parts.clientId);
  set('redirect_uri', parts.redirectUri);
  set('scope', parts.scope);
  set('state', parts.state);
  set('login_hint', parts.loginHint);
  if (parts.codeChallenge !== undefined) {
    set('code_challenge', parts.codeChallenge);
    set('code_challenge_method', 'S256');
  }
  set('nonce', parts.nonce);
  for (const [k, v] of Object.entries(parts.params)) set(k, v);
  url.search = formEncode(query);
  return url.href;
}

/** Parameters a caller may not set through `params`: they would break PKCE. */
const RESERVED = new Set(['code_challenge', 'code_challenge_method', 'code_verifier']);

/**
 * Normalize the constructor's extra parameters: values become strings, `access_type=offline` and
 * `response_type=code` are the defaults they may override, and `approval_prompt=force` becomes
 * `prompt=consent` (oauth2client 3.0+).
 *
 * @throws {OAuth2Error} `code: 'invalid_argument'` for a PKCE parameter (use the `pkce` option).
 */
export function normalizeAuthParams(
  extra: Readonly<Record<string, string | number | boolean | undefined>> = {},
): Record<string, string> {
  const params: Record<string, string> = { access_type: 'offline', response_type: 'code' };
  for (const [k, v] of Object.entries(extra)) {
    if (v === undefined) continue;
    if (RESERVED.has(k)) {
      throw new OAuth2Error(
        `The authorization parameter "${k}" is managed by the flow; use the "pkce" option instead.`,
        { code: 'invalid_argument' },
      );
    }
    params[k] = String(v);
  }
  if (params.approval_prompt === 'force') {
    delete params.approval_prompt;
    params.prompt = 'consent';
  }
  return params;
}

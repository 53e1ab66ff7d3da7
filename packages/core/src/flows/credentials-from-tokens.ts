import { FlowExchangeError } from '../errors.js';
import type { Clock } from '../http/clock.js';
import type { FetchLike } from '../http/request.js';
import { decodeIdTokenPayload } from '../internal/id-token.js';
import type { OAuth2CredentialsOptions } from '../oauth2-credentials-options.js';
import type { TokenResponse } from '../wire/token-response.js';

/** The flow settings a new credential inherits (spec §3.3). */
export interface FlowCredentialsContext {
  clientId: string;
  clientSecret: string | undefined;
  tokenUri: string;
  userAgent: string | undefined;
  revokeUri: string | undefined;
  tokenInfoUri: string | undefined;
  /** The flow's scope string: used unless the response says which scopes were granted. */
  scope: string;
  fetch: FetchLike | undefined;
  clock: Clock;
  allowInsecureRequests?: boolean | undefined;
}

/**
 * The options of the `OAuth2Credentials` a validated token response makes, as oauth2client's
 * `step2_exchange` built them: expiry = receipt time + `expires_in` (or none), the ID token decoded without
 * verification (it came straight from the token endpoint over TLS) with the raw JWT kept.
 * Scopes are the response's `scope` when present (what was actually granted), else the flow's.
 *
 * @throws {VerifyJwtTokenError} a malformed `id_token` (not three segments, not JSON).
 * @throws {FlowExchangeError} `code: 'nonce_mismatch'` when `expectedNonce` is given and the ID
 *   token carries another nonce or none.
 */
export function credentialsOptionsFromTokens(
  tokens: TokenResponse,
  ctx: FlowCredentialsContext,
  expectedNonce?: string,
): OAuth2CredentialsOptions {
  const idToken = tokens.idToken === undefined ? null : decodeIdTokenPayload(tokens.idToken);
  if (idToken !== null && expectedNonce !== undefined && idToken.nonce !== expectedNonce) {
    throw new FlowExchangeError(
      'The ID token does not carry the nonce this login sent (OpenID Connect Core §3.1.3.7); it may have been replayed. Start the authorization again.',
      { code: 'nonce_mismatch' },
    );
  }
  return {
    accessToken: tokens.accessToken,
    clientId: ctx.clientId,
    clientSecret: ctx.clientSecret ?? null,
    refreshToken: tokens.refreshToken ?? null,
    tokenExpiry:
      tokens.expiresIn === undefined ? null : new Date(ctx.clock.now() + tokens.expiresIn * 1000),
    tokenUri: ctx.tokenUri,
    userAgent: ctx.userAgent ?? null,
    revokeUri: ctx.revokeUri ?? null,
    idToken,
    idTokenJwt: tokens.idToken ?? null,
    tokenResponse: tokens.raw,
    scopes: tokens.scope === undefined ? ctx.scope : tokens.scope,
    tokenInfoUri: ctx.tokenInfoUri ?? null,
    fetch: ctx.fetch,
    clock: ctx.clock,
    allowInsecureRequests: ctx.allowInsecureRequests,
  };
}

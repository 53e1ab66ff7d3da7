import {
  type Clock,
  FlowExchangeError,
  type OAuth2Credentials,
  OAuth2WebServerFlow,
} from '@oauth2/core';
import type { FetchLike } from '@oauth2/core/http';
import { AppIdentityError, type IdTokenPayload, IdTokenVerifier } from '@oauth2/crypt';
import type { CallbackQuery } from './callback-query.js';
import type { ClientConfig } from './client-config.js';
import type { ProviderConfig } from './provider.js';
import {
  type Transaction,
  type TransactionStore,
  Transactions,
  transactionCookieName,
} from './transactions.js';

/** What the authorize step needs to know about the request. */
export interface StartInput {
  scopes: readonly string[];
  returnUrl: string;
  redirectUri: string;
  /** Whether the signed-in user already has a refresh token (then no `prompt=consent`). */
  hasRefreshToken: boolean;
  /** The session's pending transaction ids, oldest first. */
  pending: readonly string[];
  /** Extra authorization parameters (e.g. `login_hint`), applied before ours. */
  params?: Readonly<Record<string, string>>;
}

/** The authorize step's answer: where to send the browser, and the cookie binding it. */
export interface StartResult {
  url: string;
  cookieName: string;
  cookieValue: string;
  pending: string[];
}

/** A callback that failed: an HTTP status and a plain-text message (never a secret). */
export interface SignInFailure {
  ok: false;
  status: 400 | 414;
  message: string;
  cause?: unknown;
}

/** A callback that succeeded. */
export interface SignInSuccess {
  ok: true;
  credentials: OAuth2Credentials;
  /** The verified ID-token claims. */
  claims: IdTokenPayload;
  transaction: Transaction;
}

/** Framework-free settings of {@link SignIn}. */
export interface SignInSettings {
  client: ClientConfig;
  provider: () => Promise<ProviderConfig>;
  store: TransactionStore;
  fetch: FetchLike | undefined;
  clock: Clock;
  /** Extra authorization parameters from the options (oauth2client's `flow_kwargs`). */
  params: Readonly<Record<string, string>>;
}

const INVALID_STATE =
  'Invalid state: this sign-in link is unknown, expired or already used. Start again.';

function fail(message: string, cause?: unknown): SignInFailure {
  return { ok: false, status: 400, message, ...(cause !== undefined && { cause }) };
}

/**
 * The authorization-code sign-in, independent of any web framework: the authorize step records a
 * transaction and builds the provider URL; the callback finds the transaction through the
 * browser's cookie, enforces every check it recorded (state, PKCE, nonce, issuer) whatever the
 * callback omits, exchanges the code once and verifies the ID token.
 */
export class SignIn {
  readonly transactions: Transactions;
  readonly #settings: SignInSettings;
  readonly #verifiers = new WeakMap<ProviderConfig, IdTokenVerifier>();

  constructor(settings: SignInSettings) {
    this.#settings = settings;
    this.transactions = new Transactions(settings.store, settings.clock);
  }

  async start(input: StartInput): Promise<StartResult> {
    const provider = await this.#settings.provider();
    const scopes = new Set(['openid', ...input.scopes]);
    const params: Record<string, string> = {
      ...input.params,
      ...this.#settings.params,
      include_granted_scopes: 'true',
    };
    if (provider.offline === 'offline_access') scopes.add('offline_access');
    if (!input.hasRefreshToken && provider.offline !== 'none') params.prompt = 'consent';
    const flow = this.#flow(provider, [...scopes], input.redirectUri, params);
    const request = flow.step1GetAuthorizeUrl();
    const transaction: Transaction = {
      state: request.state,
      codeVerifier: request.codeVerifier as string,
      nonce: request.nonce as string,
      scopes: [...scopes],
      returnUrl: input.returnUrl,
      issuer: provider.issuers[0] as string,
      redirectUri: request.redirectUri,
      createdAt: this.#settings.clock.now(),
    };
    const { id, pending } = await this.transactions.begin(transaction, input.pending);
    return {
      url: request.url,
      cookieName: transactionCookieName(request.state),
      cookieValue: id,
      pending,
    };
  }

  /**
   * Finish a sign-in. No token request is made unless the callback's state matches a live
   * transaction bound to this browser and its issuer checks out.
   */
  async finish(
    query: CallbackQuery,
    cookies: ReadonlyMap<string, string>,
  ): Promise<SignInFailure | SignInSuccess> {
    if (query.error !== undefined) {
      return fail(`Authorization failed: ${query.errorDescription || query.error}`);
    }
    if (!query.state) return fail(INVALID_STATE);
    const id = cookies.get(transactionCookieName(query.state));
    if (!id) return fail(INVALID_STATE);
    if (!query.code) return fail('Invalid request: the callback carries no authorization code.');
    const transaction = await this.transactions.take(id, query.state);
    if (!transaction) return fail(INVALID_STATE);
    const provider = await this.#settings.provider();
    // RFC 9207: a provider that sends `iss` must send the one this sign-in started with.
    if (
      (query.iss !== undefined || provider.issParameterSupported) &&
      query.iss !== transaction.issuer
    ) {
      return fail(
        'Invalid issuer: the callback does not come from the provider this sign-in used.',
      );
    }
    const flow = this.#flow(provider, transaction.scopes, transaction.redirectUri, {});
    let credentials: OAuth2Credentials;
    try {
      credentials = await flow.step2Exchange(query.code, {
        state: query.state,
        expectedState: transaction.state,
        codeVerifier: transaction.codeVerifier,
        redirectUri: transaction.redirectUri,
        expectedNonce: transaction.nonce,
      });
    } catch (err) {
      if (err instanceof FlowExchangeError && err.code === 'nonce_mismatch') {
        return fail('Invalid nonce: the ID token was not issued for this sign-in.', err);
      }
      const reason =
        err instanceof FlowExchangeError && err.error ? err.error : 'the code exchange failed';
      return fail(`An error occurred: ${reason}`, err);
    }
    if (!credentials.idTokenJwt) return fail('Invalid ID token: the provider returned none.');
    let claims: IdTokenPayload;
    try {
      claims = await this.#verifier(provider).verify(
        credentials.idTokenJwt,
        this.#settings.client.clientId,
        {
          nonce: transaction.nonce,
        },
      );
    } catch (err) {
      if (err instanceof AppIdentityError && err.code === 'wrong_nonce') {
        return fail('Invalid nonce: the ID token was not issued for this sign-in.', err);
      }
      const code = err instanceof AppIdentityError ? err.code : 'unverifiable';
      return fail(`Invalid ID token (${code}).`, err);
    }
    if (typeof claims.sub !== 'string' || claims.sub === '') {
      return fail('Invalid ID token (missing_claim).');
    }
    // The stored claims are the verified ones.
    credentials.idToken = { ...claims };
    return { ok: true, credentials, claims, transaction };
  }

  /** Build a flow for one request (cheap: no I/O). */
  #flow(
    provider: ProviderConfig,
    scopes: readonly string[],
    redirectUri: string,
    params: Record<string, string>,
  ): OAuth2WebServerFlow {
    const { client, fetch, clock } = this.#settings;
    return new OAuth2WebServerFlow({
      clientId: client.clientId,
      clientSecret: client.clientSecret,
      scope: scopes,
      redirectUri,
      authUri: provider.authUri,
      tokenUri: provider.tokenUri,
      revokeUri: provider.revokeUri,
      params,
      fetch,
      clock,
    });
  }

  #verifier(provider: ProviderConfig): IdTokenVerifier {
    let verifier = this.#verifiers.get(provider);
    if (!verifier) {
      verifier = new IdTokenVerifier({
        url: provider.jwksUri,
        issuers: provider.issuers,
        fetch: this.#settings.fetch,
        clock: this.#settings.clock,
      });
      this.#verifiers.set(provider, verifier);
    }
    return verifier;
  }
}

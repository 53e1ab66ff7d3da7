import { randomBytes } from 'node:crypto';
import { LoopbackServer, type RecordedRequest, type ScriptedResponse } from './loopback-server.js';

/** Options of {@link RotatingTokenServer.start}. */
export interface RotatingTokenServerOptions {
  /** `expires_in` of every access token (default 3600). */
  expiresIn?: number;
  /** Rotate the refresh token on every refresh (default true). With false, it is kept. */
  rotate?: boolean;
  /** Wait this long before answering a refresh (to hold a refresh in flight). */
  refreshDelayMs?: number;
  /** `scope` sent back with every token response (omitted when undefined). */
  scope?: string;
  /** Prefix of every token issued (put a canary in it to check tokens never leak). */
  tokenPrefix?: string;
}

interface Grant {
  id: number;
  alive: boolean;
  refreshToken: string;
  /** Refresh tokens this grant used to have: presenting one again is a replay. */
  usedRefreshTokens: Set<string>;
  accessTokens: Set<string>;
}

/** Why a refresh was refused, in the order requests arrived. */
export interface RefusedRefresh {
  refreshToken: string;
  reason: 'replayed' | 'revoked' | 'unknown';
}

/**
 * A loopback authorization server that rotates refresh tokens and treats reuse of an old one as
 * a replay that revokes the whole grant (RFC 9700 §4.14.2), as Google, Auth0, Okta and
 * oidc-provider do when asked. It records everything a rotation test needs to assert: how many
 * refreshes it served, which refresh tokens it saw twice, whether the grant is still alive.
 *
 * Routes: `POST /token` (`grant_type=refresh_token`), `POST /revoke` (RFC 7009, revokes the
 * grant of an access or refresh token), `GET /resource` (200 with a live bearer token, else 401).
 *
 * @example
 * const server = await RotatingTokenServer.start();
 * const grant = server.issueGrant();
 * // store { refresh_token: grant.refreshToken, token_uri: server.tokenUri, ... } and refresh it
 * expect(server.refreshes).toBe(1);
 * expect(server.replays).toEqual([]);
 * expect(server.isAlive(grant.id)).toBe(true);
 * await server.close();
 */
export class RotatingTokenServer {
  readonly http: LoopbackServer;
  /** Every refresh token presented at `/token`, in order. */
  readonly presented: string[] = [];
  /** Every refused refresh, in order. */
  readonly refused: RefusedRefresh[] = [];
  /** Set to hold refresh answers until it resolves (e.g. to revoke while a refresh is in flight). */
  beforeRefreshAnswer: ((req: RecordedRequest) => Promise<void>) | undefined;
  readonly #options: Required<Omit<RotatingTokenServerOptions, 'scope'>> & { scope?: string };
  readonly #grants: Grant[] = [];
  #served = 0;

  private constructor(http: LoopbackServer, options: RotatingTokenServerOptions) {
    this.http = http;
    this.#options = {
      expiresIn: options.expiresIn ?? 3600,
      rotate: options.rotate ?? true,
      refreshDelayMs: options.refreshDelayMs ?? 0,
      tokenPrefix: options.tokenPrefix ?? '',
      ...(options.scope === undefined ? {} : { scope: options.scope }),
    };
  }

  /** Start on 127.0.0.1 with an OS-assigned port. */
  static async start(options: RotatingTokenServerOptions = {}): Promise<RotatingTokenServer> {
    const http = await LoopbackServer.start();
    const self = new RotatingTokenServer(http, options);
    http.route('POST', '/token', (req) => self.#token(req));
    http.route('POST', '/revoke', (req) => self.#revoke(req));
    http.route('GET', '/resource', (req) => self.#resource(req));
    return self;
  }

  get tokenUri(): string {
    return this.http.urlOf('/token');
  }
  get revokeUri(): string {
    return this.http.urlOf('/revoke');
  }
  get resourceUri(): string {
    return this.http.urlOf('/resource');
  }

  /** Refreshes answered with new tokens. */
  get refreshes(): number {
    return this.#served;
  }

  /** Refresh tokens that were presented after being rotated out (each one killed its grant). */
  get replays(): string[] {
    return this.refused.filter((r) => r.reason === 'replayed').map((r) => r.refreshToken);
  }

  /** Create a grant (as a code exchange would) and return its first tokens. */
  issueGrant(): { id: number; refreshToken: string; accessToken: string } {
    const grant: Grant = {
      id: this.#grants.length,
      alive: true,
      refreshToken: this.#newToken('rt'),
      usedRefreshTokens: new Set(),
      accessTokens: new Set(),
    };
    const accessToken = this.#newToken('at');
    grant.accessTokens.add(accessToken);
    this.#grants.push(grant);
    return { id: grant.id, refreshToken: grant.refreshToken, accessToken };
  }

  /** Whether the grant is still alive (never revoked by a replay or `/revoke`). */
  isAlive(id: number): boolean {
    return this.#grants[id]?.alive ?? false;
  }

  /** The refresh token the grant holds now. */
  currentRefreshToken(id: number): string | undefined {
    return this.#grants[id]?.refreshToken;
  }

  /** Revoke a grant, as a user removing the app's access would. */
  revokeGrant(id: number): void {
    const grant = this.#grants[id];
    if (grant) grant.alive = false;
  }

  async close(): Promise<void> {
    await this.http.close();
  }

  #newToken(kind: string): string {
    return `${this.#options.tokenPrefix}${kind}-${randomBytes(9).toString('base64url')}`;
  }

  async #token(req: RecordedRequest): Promise<ScriptedResponse> {
    if (req.form.get('grant_type') !== 'refresh_token') {
      return { status: 400, body: { error: 'unsupported_grant_type' } };
    }
    const presented = req.form.get('refresh_token') ?? '';
    this.presented.push(presented);
    const current = this.#grants.find((g) => g.refreshToken === presented);
    const replayedOf = this.#grants.find((g) => g.usedRefreshTokens.has(presented));
    if (replayedOf) {
      replayedOf.alive = false;
      this.refused.push({ refreshToken: presented, reason: 'replayed' });
      return {
        status: 400,
        body: { error: 'invalid_grant', error_description: 'Refresh token reused.' },
      };
    }
    if (!current?.alive) {
      this.refused.push({ refreshToken: presented, reason: current ? 'revoked' : 'unknown' });
      return {
        status: 400,
        body: { error: 'invalid_grant', error_description: 'Token has been revoked.' },
      };
    }
    // Rotate before any wait, as a real server commits the rotation when it accepts the request.
    const accessToken = this.#newToken('at');
    current.accessTokens.add(accessToken);
    const body: Record<string, unknown> = {
      access_token: accessToken,
      token_type: 'Bearer',
      expires_in: this.#options.expiresIn,
    };
    if (this.#options.rotate) {
      current.usedRefreshTokens.add(current.refreshToken);
      current.refreshToken = this.#newToken('rt');
      body.refresh_token = current.refreshToken;
    }
    if (this.#options.scope !== undefined) body.scope = this.#options.scope;
    this.#served += 1;
    if (this.beforeRefreshAnswer) await this.beforeRefreshAnswer(req);
    return {
      body,
      ...(this.#options.refreshDelayMs ? { delayMs: this.#options.refreshDelayMs } : {}),
    };
  }

  #revoke(req: RecordedRequest): ScriptedResponse {
    const token = req.form.get('token') ?? '';
    for (const grant of this.#grants) {
      if (grant.refreshToken === token || grant.accessTokens.has(token)) grant.alive = false;
    }
    return { status: 200 };
  }

  #resource(req: RecordedRequest): ScriptedResponse {
    const auth = req.headers.authorization ?? '';
    const token = auth.startsWith('Bearer ') ? auth.slice(7) : '';
    const ok = this.#grants.some((g) => g.alive && g.accessTokens.has(token));
    return ok
      ? { body: { ok: true } }
      : { status: 401, headers: { 'www-authenticate': 'Bearer error="invalid_token"' } };
  }
}

import { NetworkError, TimeoutError } from '@oauth2/core/errors';
import {
  type Clock,
  type FetchLike,
  httpRequest,
  type RetryPolicy,
  requestSecrets,
  systemClock,
  withRetries,
  withScrubbedErrors,
} from '@oauth2/core/http';
import { MetadataError } from './errors.js';
import { checkServiceAccountName } from './internal/account-name.js';
import {
  type AnswerContext,
  buildMetadataRequest,
  checkAnswer,
  FLAVOR_HEADER,
  FLAVOR_VALUE,
  hasGoogleFlavor,
  type MetadataToken,
  parseServiceAccountInfo,
  parseTextValue,
  parseTokenAnswer,
  type ServiceAccountInfo,
} from './internal/metadata-wire.js';
import { type MetadataSettings, readMetadataSettings } from './internal/settings.js';

export type { MetadataToken, ServiceAccountInfo } from './internal/metadata-wire.js';

/** Options of {@link MetadataClient}. Everything is optional. */
export interface MetadataClientOptions {
  /** Environment to read (default `process.env`, read once at construction). */
  env?: Readonly<Record<string, string | undefined>>;
  /** `host[:port]` of the metadata server; wins over `GCE_METADATA_HOST`. */
  host?: string;
  /** `host[:port]` probed by detection; wins over `GCE_METADATA_IP` (default `169.254.169.254`). */
  probeHost?: string;
  /** Detection probe limit in ms (default 3 000, or `GCE_METADATA_TIMEOUT` seconds). */
  probeTimeoutMs?: number;
  /** Per-attempt limit of other requests in ms (default 3 000). */
  timeoutMs?: number;
  /** Retries of token and info requests (default 5 attempts, 1 s ×2 back-off, 30 s deadline). */
  retry?: RetryPolicy;
  /** Transport (default `globalThis.fetch`). */
  fetch?: FetchLike;
  /** Clock for back-off sleeps (default the system clock). */
  clock?: Clock;
  /** Receives one line per request: method, host, path, status, time. Never a token or query. */
  debug?: (line: string) => void;
}

/** The outcome of detection, with the reason, for reports such as `explain()`. */
export interface MetadataDetection {
  available: boolean;
  /** Why: `NO_GCE_CHECK=True`, `probe answered 200 with Metadata-Flavor: Google`, `probe failed (ECONNREFUSED)`... */
  reason: string;
  /** Probes sent (0 or 1). */
  probes: number;
  /** Time detection took, in ms. */
  durationMs: number;
}

const DEFAULT_TIMEOUT_MS = 3000;

/**
 * A client for the Compute Engine metadata server's v1 API. Every request sends
 * `Metadata-Flavor: Google` and every answer must carry it; redirects are never followed; token
 * and info requests retry on 5xx and timeouts. Detection (`isAvailable`) probes once per
 * instance, however many callers ask.
 *
 * @example
 * const metadata = new MetadataClient();
 * if (await metadata.isAvailable()) {
 *   const { accessToken, expiresIn } = await metadata.getToken();
 *   console.log(expiresIn, accessToken.length);
 * }
 */
export class MetadataClient {
  /** The settings read from the environment at construction. */
  readonly settings: MetadataSettings;
  readonly #fetch: FetchLike | undefined;
  readonly #clock: Clock;
  readonly #timeoutMs: number;
  readonly #retry: RetryPolicy;
  readonly #debug: ((line: string) => void) | undefined;
  #detection: Promise<MetadataDetection> | undefined;

  /**
   * @throws {MetadataError} `metadata_invalid_config` when an environment variable has a bad value.
   */
  constructor(options: MetadataClientOptions = {}) {
    this.settings = readMetadataSettings(options.env ?? process.env, options);
    this.#fetch = options.fetch;
    this.#clock = options.clock ?? systemClock;
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.#retry = { maxAttempts: 5, baseDelayMs: 1000, deadlineMs: 30_000, ...options.retry };
    this.#debug = options.debug;
  }

  /**
   * Whether a metadata server answers. Probes `GET http://<probe host>/` once (3 s limit, no
   * retry) and caches the answer on this instance; concurrent callers share the probe.
   * `NO_GCE_CHECK=True` or `METADATA_SERVER_DETECTION=none` answer false without a probe.
   *
   * @throws never: every failure means "not available".
   * @example
   * if (!(await new MetadataClient().isAvailable())) console.log('not on Google Cloud');
   */
  async isAvailable(): Promise<boolean> {
    return (await this.detect()).available;
  }

  /**
   * Detection with its reason (memoised like {@link MetadataClient.isAvailable}).
   *
   * @throws never.
   * @example
   * const { available, reason, durationMs } = await metadata.detect();
   */
  detect(): Promise<MetadataDetection> {
    this.#detection ??= this.#probe();
    return this.#detection;
  }

  /**
   * An access token for a service account of this VM, from
   * `/computeMetadata/v1/instance/service-accounts/{account}/token`, optionally down-scoped
   * with the `scopes` query.
   *
   * @throws {MetadataError} `metadata_bad_flavor`, `service_account_not_found`, `metadata_forbidden`, `metadata_malformed`,
   *   `metadata_http_error` (after the retries when transient).
   * @throws {TimeoutError} / {NetworkError} when the server cannot be reached in time.
   * @example
   * const token = await metadata.getToken('default', ['https://www.googleapis.com/auth/cloud-platform']);
   */
  async getToken(
    account = 'default',
    scopes?: readonly string[],
    options: { signal?: AbortSignal | undefined } = {},
  ): Promise<MetadataToken> {
    const name = checkServiceAccountName(account);
    const query = scopes?.length ? { scopes: scopes.join(',') } : undefined;
    return this.#getWithRetries(
      `instance/service-accounts/${name}/token`,
      query,
      name,
      (body, ctx) => parseTokenAnswer(body, ctx),
      options.signal,
    );
  }

  /**
   * E-mail, scopes and aliases of a service account of this VM.
   *
   * @throws {MetadataError} as {@link MetadataClient.getToken}.
   * @example
   * const { email, scopes } = await metadata.getServiceAccountInfo();
   */
  async getServiceAccountInfo(account = 'default'): Promise<ServiceAccountInfo> {
    const name = checkServiceAccountName(account);
    return this.#getWithRetries(
      `instance/service-accounts/${name}/`,
      { recursive: 'true' },
      name,
      (body, ctx) => parseServiceAccountInfo(body, ctx),
    );
  }

  /**
   * The project id (`project/project-id`).
   *
   * @throws {MetadataError} as {@link MetadataClient.getToken}.
   * @example
   * const projectId = await metadata.getProjectId();
   */
  async getProjectId(): Promise<string> {
    return this.#getWithRetries('project/project-id', undefined, undefined, (body, ctx) =>
      parseTextValue(body, ctx, /^[a-z0-9.:-]+$/i),
    );
  }

  /**
   * The project number (`project/numeric-project-id`), as a string: it may exceed 2^53.
   *
   * @throws {MetadataError} as {@link MetadataClient.getToken}.
   * @example
   * const projectNumber = await metadata.getNumericProjectId(); // '123456789012'
   */
  async getNumericProjectId(): Promise<string> {
    return this.#getWithRetries('project/numeric-project-id', undefined, undefined, (body, ctx) =>
      parseTextValue(body, ctx, /^\d+$/),
    );
  }

  async #probe(): Promise<MetadataDetection> {
    const started = performance.now();
    const done = (available: boolean, reason: string, probes: number): MetadataDetection => ({
      available,
      reason,
      probes,
      durationMs: Math.round(performance.now() - started),
    });
    const { detection, detectionReason, probeHost, probeTimeoutMs } = this.settings;
    if (detection === 'none') return done(false, detectionReason, 0);
    if (detection === 'assume-present') return done(true, detectionReason, 0);
    try {
      const res = await httpRequest(`http://${probeHost}/`, {
        headers: { [FLAVOR_HEADER]: FLAVOR_VALUE },
        timeoutMs: probeTimeoutMs,
        maxBodyBytes: 64 * 1024,
        fetch: this.#fetch,
      });
      this.#log('GET', probeHost, '/', `${res.status}`, started);
      if (res.status !== 200) return done(false, `probe of ${probeHost} answered ${res.status}`, 1);
      if (!hasGoogleFlavor(res.headers)) {
        return done(false, `probe of ${probeHost} answered without Metadata-Flavor: Google`, 1);
      }
      return done(true, `probe of ${probeHost} answered 200 with Metadata-Flavor: Google`, 1);
    } catch (err) {
      const what =
        err instanceof TimeoutError ? `timed out after ${probeTimeoutMs} ms` : describe(err);
      this.#log('GET', probeHost, '/', what, started);
      return done(false, `probe of ${probeHost} ${what}`, 1);
    }
  }

  async #getWithRetries<T>(
    path: string,
    query: Record<string, string> | undefined,
    account: string | undefined,
    parse: (body: string, ctx: AnswerContext) => T,
    signal?: AbortSignal,
  ): Promise<T> {
    const { host } = this.settings;
    const request = buildMetadataRequest(host, path, query);
    const ctx: AnswerContext = { host, path: request.path, account };
    // No error, `.cause` chain included, may carry the request's query values.
    return withScrubbedErrors(requestSecrets(request.url), () =>
      this.#send(request, ctx, parse, signal),
    );
  }

  #send<T>(
    request: ReturnType<typeof buildMetadataRequest>,
    ctx: AnswerContext,
    parse: (body: string, ctx: AnswerContext) => T,
    signal: AbortSignal | undefined,
  ): Promise<T> {
    const { host } = ctx;
    return withRetries(
      async (attempt, remainingMs) => {
        const started = performance.now();
        let res: Awaited<ReturnType<typeof httpRequest>>;
        try {
          res = await httpRequest(request.url, {
            headers: request.headers,
            timeoutMs: Math.min(this.#timeoutMs, remainingMs),
            fetch: this.#fetch,
            signal,
          });
        } catch (err) {
          this.#log('GET', host, request.path, `${describe(err)} (attempt ${attempt})`, started);
          throw err;
        }
        this.#log('GET', host, request.path, `${res.status} (attempt ${attempt})`, started);
        checkAnswer(res.status, res.headers, ctx);
        return parse(res.body, ctx);
      },
      {
        ...this.#retry,
        clock: this.#clock,
        signal,
        isRetryable: (err) =>
          err instanceof TimeoutError ||
          err instanceof NetworkError ||
          (err instanceof MetadataError && err.retryable),
      },
    );
  }

  #log(method: string, host: string, path: string, outcome: string, started: number): void {
    this.#debug?.(
      `metadata ${method} http://${host}${path} -> ${outcome} in ${Math.round(performance.now() - started)} ms`,
    );
  }
}

function describe(err: unknown): string {
  if (err instanceof TimeoutError) return 'timed out';
  if (err instanceof NetworkError) {
    const match = /\(([A-Z_]+)\)/.exec(err.message);
    return `failed${match ? ` (${match[1]})` : ''}`;
  }
  return 'failed';
}

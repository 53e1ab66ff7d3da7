import { timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { LoopbackServerError } from '../errors.js';
import { resultPage } from '../internal/result-page.js';

/** Options of {@link LoopbackRedirectServer.start}. */
export interface LoopbackRedirectServerOptions {
  /** The `state` the authorization request carried; a callback with another state gets 400. */
  expectedState: string;
  /** Loopback IP literal to bind and to put in the redirect URI (default `127.0.0.1`; `::1` allowed). */
  host?: string | undefined;
  /** Ports tried in order; `0` (the default, alone) lets the OS choose. */
  ports?: readonly number[] | undefined;
  /** A client must send its whole request head within this (default 10 000 ms). */
  headersTimeoutMs?: number | undefined;
  /** A client must send its whole request within this (default 10 000 ms). */
  requestTimeoutMs?: number | undefined;
  /** A socket idle this long is closed (default 5 000 ms). */
  idleTimeoutMs?: number | undefined;
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', '::1']);

/**
 * The one-shot redirect receiver of a native-app login (RFC 8252 §7.3): an HTTP server bound to
 * a loopback IP literal that accepts exactly one callback on `/` carrying the expected `state`.
 * Everything else is refused and the server keeps listening: another path 404, a method other
 * than GET 405, a `Host` other than its own 400 (DNS rebinding), a wrong or missing state 400.
 * Slow clients are cut off by header, request and idle timeouts. The pages it serves carry no
 * token or code, `Referrer-Policy: no-referrer`, `Cache-Control: no-store` and a CSP that
 * loads nothing. After the accepted callback it closes within a second, leaving no handle open.
 *
 * @throws {LoopbackServerError} from `start`: the host is not a loopback IP, or no port could be bound.
 * @example
 * const server = await LoopbackRedirectServer.start({ expectedState: state });
 * console.log(server.redirectUri); // http://127.0.0.1:51234/
 * const params = await server.waitForCallback({ signal }); // URLSearchParams with code and state
 */
export class LoopbackRedirectServer {
  /** `http://127.0.0.1:<port>/`, exactly what goes into the authorization request. */
  readonly redirectUri: string;
  /** The bound port. */
  readonly port: number;
  readonly #server: Server;
  readonly #expectedState: Buffer;
  readonly #hostHeader: string;
  #accepted = false;
  #closed: Promise<void> | undefined;
  #resolve!: (params: URLSearchParams) => void;
  readonly #callback: Promise<URLSearchParams>;

  private constructor(server: Server, host: string, port: number, expectedState: string) {
    this.#server = server;
    this.port = port;
    const literal = host.includes(':') ? `[${host}]` : host;
    this.redirectUri = `http://${literal}:${port}/`;
    this.#hostHeader = `${literal}:${port}`;
    this.#expectedState = Buffer.from(expectedState);
    this.#callback = new Promise((resolve) => {
      this.#resolve = resolve;
    });
    server.on('request', (req, res) => this.#handle(req, res));
  }

  /**
   * Bind the server (the first port of `ports` that is free) and start listening.
   * @throws {LoopbackServerError} not a loopback IP literal, or every port is in use.
   * @example
   * const server = await LoopbackRedirectServer.start({ expectedState, ports: [8080, 8090] });
   */
  static async start(options: LoopbackRedirectServerOptions): Promise<LoopbackRedirectServer> {
    const host = options.host ?? '127.0.0.1';
    if (!LOOPBACK_HOSTS.has(host)) {
      throw new LoopbackServerError(
        `The login redirect server binds only to a loopback IP literal (127.0.0.1 or ::1), not "${host}" (RFC 8252 §8.3).`,
      );
    }
    const ports = options.ports?.length ? options.ports : [0];
    for (const port of ports) {
      const server = createServer({
        headersTimeout: options.headersTimeoutMs ?? 10_000,
        requestTimeout: options.requestTimeoutMs ?? 10_000,
        connectionsCheckingInterval: 1_000,
        keepAliveTimeout: 1_000,
      });
      server.timeout = options.idleTimeoutMs ?? 5_000;
      server.on('timeout', (socket) => socket.destroy());
      server.on('clientError', (_err, socket) => socket.destroy());
      try {
        await new Promise<void>((resolve, reject) => {
          server.once('error', reject);
          server.listen({ port, host, exclusive: true }, () => {
            server.off('error', reject);
            resolve();
          });
        });
      } catch (err) {
        server.close();
        if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') continue;
        throw new LoopbackServerError(
          `Could not start the login redirect server on ${host}:${port}.`,
          { cause: err },
        );
      }
      const bound = (server.address() as AddressInfo).port;
      return new LoopbackRedirectServer(server, host, bound, options.expectedState);
    }
    throw new LoopbackServerError(
      `Could not start the login redirect server: port ${ports.join(', ')} ${ports.length > 1 ? 'are' : 'is'} in use. Free one, choose other ports, or log in with --no-browser or --device.`,
    );
  }

  /**
   * Wait for the accepted callback and return its query parameters (`code` and `state`, or
   * `error`). Rejects with `signal.reason` when the signal aborts (the server is then closed).
   */
  waitForCallback(options: { signal?: AbortSignal | undefined } = {}): Promise<URLSearchParams> {
    const { signal } = options;
    if (!signal) return this.#callback;
    if (signal.aborted) return Promise.reject(signal.reason);
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        void this.close();
        reject(signal.reason);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.#callback.then((params) => {
        signal.removeEventListener('abort', onAbort);
        resolve(params);
      }, reject);
    });
  }

  /** Stop listening and drop every connection; resolves once the server is closed. */
  close(): Promise<void> {
    this.#closed ??= new Promise<void>((resolve) => {
      this.#server.close(() => resolve());
      this.#server.closeAllConnections();
    });
    return this.#closed;
  }

  #handle(req: IncomingMessage, res: ServerResponse): void {
    const refusal = this.#refusal(req);
    if (refusal !== undefined) {
      if (refusal[0] === 405) res.setHeader('Allow', 'GET');
      send(res, refusal[0], refusal[1]);
      return;
    }
    const params = new URL(req.url ?? '/', this.redirectUri).searchParams;
    this.#accepted = true;
    send(
      res,
      200,
      params.has('error')
        ? 'The sign-in was not completed. Return to your terminal for details.'
        : 'Signed in. You can close this tab and return to your terminal.',
    );
    // Close once the page is out; idle sockets (a browser's pre-connects) are dropped at once.
    res.on('close', () => void this.close());
    this.#resolve(params);
  }

  /** Why a request is not the awaited callback (status and page text), or `undefined` when it is. */
  #refusal(req: IncomingMessage): [number, string] | undefined {
    if (this.#accepted) return [410, 'This sign-in has already completed.'];
    if ((req.headers.host ?? '').toLowerCase() !== this.#hostHeader) {
      return [400, 'Unexpected Host header.'];
    }
    if (req.method !== 'GET') return [405, 'Method not allowed.'];
    const url = new URL(req.url ?? '/', this.redirectUri);
    if (url.pathname !== '/') return [404, 'Not found.'];
    const state = url.searchParams.getAll('state');
    if (state.length !== 1 || !this.#stateMatches(state[0] as string)) {
      return [
        400,
        'This sign-in response does not belong to the login waiting here (state mismatch). Start the login again from your terminal.',
      ];
    }
    return undefined;
  }

  #stateMatches(received: string): boolean {
    const got = Buffer.from(received);
    return got.length === this.#expectedState.length && timingSafeEqual(got, this.#expectedState);
  }
}

function send(res: ServerResponse, status: number, message: string): void {
  const body = resultPage(message);
  res.writeHead(status, {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
    'Cache-Control': 'no-store',
    'Referrer-Policy': 'no-referrer',
    'X-Content-Type-Options': 'nosniff',
    'Content-Security-Policy':
      "default-src 'none'; style-src 'unsafe-inline'; form-action 'none'; frame-ancestors 'none'",
    Connection: 'close',
  });
  res.end(body);
}

import {
  createServer,
  type IncomingHttpHeaders,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** One request as the server saw it. */
export interface RecordedRequest {
  method: string;
  /** Path plus query, as sent (`/token?x=1`). */
  url: string;
  /** Path without the query. */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** Raw body as UTF-8 text. */
  body: string;
  /** The body parsed as `application/x-www-form-urlencoded`. */
  form: URLSearchParams;
}

/** What a route answers. Every field is optional: the default is `200` with an empty body. */
export interface ScriptedResponse {
  status?: number;
  headers?: Record<string, string | string[]>;
  /** A string or Buffer is sent as is; anything else as JSON (with a JSON content type). */
  body?: unknown;
  /** Wait this long before sending the status line. */
  delayMs?: number;
  /** Send the body in pieces, each after its own delay (to dribble bytes). */
  chunks?: { data: string | Buffer; delayMs?: number }[];
  /** Accept the request and never answer (the socket stays open until the client gives up). */
  hang?: boolean;
  /** Send headers, then stall forever without ending the body. */
  hangAfterHeaders?: boolean;
  /** Reset the connection (RST) instead of answering. */
  reset?: boolean;
}

export type RouteHandler =
  | ScriptedResponse
  | ((req: RecordedRequest) => ScriptedResponse | Promise<ScriptedResponse>);

interface Route {
  responses: RouteHandler[];
  served: number;
}

/**
 * A scriptable HTTP server on 127.0.0.1 with an OS-assigned port. Routes answer in sequence
 * (the last answer repeats); every request is recorded. Unknown routes answer 404.
 *
 * @example
 * const server = await LoopbackServer.start();
 * server.route('POST', '/token', { status: 503 }, { body: { access_token: 'a', expires_in: 3600 } });
 * // ... point the code under test at `${server.url}/token`
 * expect(server.count('/token')).toBe(2);
 * await server.close();
 */
export class LoopbackServer {
  readonly requests: RecordedRequest[] = [];
  readonly #routes = new Map<string, Route>();
  readonly #sockets = new Set<Socket>();
  readonly #timers = new Set<NodeJS.Timeout>();
  readonly #server: Server;
  #url = '';

  private constructor(server: Server) {
    this.#server = server;
  }

  /** Start listening on 127.0.0.1:0. */
  static async start(): Promise<LoopbackServer> {
    const server = createServer();
    const self = new LoopbackServer(server);
    server.on('request', (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const url = new URL(req.url ?? '/', 'http://127.0.0.1');
        const recorded: RecordedRequest = {
          method: req.method ?? 'GET',
          url: req.url ?? '/',
          path: url.pathname,
          query: url.searchParams,
          headers: req.headers,
          body,
          form: new URLSearchParams(body),
        };
        self.requests.push(recorded);
        void self.#answer(recorded, res);
      });
    });
    server.on('connection', (socket) => {
      self.#sockets.add(socket);
      socket.on('close', () => self.#sockets.delete(socket));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    self.#url = `http://127.0.0.1:${port}`;
    return self;
  }

  /** Base URL, e.g. `http://127.0.0.1:40123`. */
  get url(): string {
    return this.#url;
  }

  /** Absolute URL of a path on this server. */
  urlOf(path: string): string {
    return `${this.#url}${path}`;
  }

  /**
   * Script a route. `method` may be `*` for any method. Answers are used in order; the last
   * one repeats. Re-scripting a route resets its sequence.
   */
  route(method: string, path: string, ...responses: RouteHandler[]): this {
    this.#routes.set(`${method.toUpperCase()} ${path}`, {
      responses: responses.length ? responses : [{}],
      served: 0,
    });
    return this;
  }

  /** Requests received on `path` (any method). */
  requestsTo(path: string): RecordedRequest[] {
    return this.requests.filter((r) => r.path === path);
  }

  /** How many requests `path` received. */
  count(path: string): number {
    return this.requestsTo(path).length;
  }

  /** Forget recorded requests (routes stay). */
  clearRequests(): void {
    this.requests.length = 0;
  }

  /** Stop the server, destroying open sockets and pending timers. */
  async close(): Promise<void> {
    for (const t of this.#timers) clearTimeout(t);
    this.#timers.clear();
    for (const s of this.#sockets) s.destroy();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  #delay(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        this.#timers.delete(t);
        resolve();
      }, ms);
      this.#timers.add(t);
    });
  }

  async #answer(req: RecordedRequest, res: ServerResponse): Promise<void> {
    const route =
      this.#routes.get(`${req.method} ${req.path}`) ?? this.#routes.get(`* ${req.path}`);
    if (!route) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('no such route');
      return;
    }
    const handler = route.responses[Math.min(route.served, route.responses.length - 1)];
    route.served++;
    let spec: ScriptedResponse;
    try {
      spec = typeof handler === 'function' ? await handler(req) : (handler ?? {});
    } catch (err) {
      res.writeHead(500, { 'content-type': 'text/plain' }).end(`handler threw: ${String(err)}`);
      return;
    }
    if (spec.delayMs) await this.#delay(spec.delayMs);
    if (spec.hang) return;
    if (spec.reset) {
      res.socket?.resetAndDestroy();
      return;
    }
    const headers: Record<string, string | string[]> = { ...spec.headers };
    let payload: string | Buffer | undefined;
    if (spec.body === undefined) payload = undefined;
    else if (typeof spec.body === 'string' || Buffer.isBuffer(spec.body)) payload = spec.body;
    else {
      payload = JSON.stringify(spec.body);
      if (!hasHeader(headers, 'content-type')) headers['content-type'] = 'application/json';
    }
    res.writeHead(spec.status ?? 200, headers);
    if (spec.hangAfterHeaders) {
      res.flushHeaders();
      return;
    }
    if (spec.chunks) {
      for (const chunk of spec.chunks) {
        if (chunk.delayMs) await this.#delay(chunk.delayMs);
        if (res.destroyed) return;
        res.write(chunk.data);
      }
      res.end();
      return;
    }
    res.end(payload);
  }
}

function hasHeader(headers: Record<string, unknown>, name: string): boolean {
  return Object.keys(headers).some((k) => k.toLowerCase() === name);
}

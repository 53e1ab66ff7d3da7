import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** A service account the fake server knows. */
export interface FakeServiceAccount {
  email: string;
  scopes: string[];
  /** The token handed out: a fixed string, or a function of the request (default `ya29.fake-<n>`). */
  token?: string | ((request: FakeMetadataRequest) => string);
  /** `expires_in` of tokens (default 3599). */
  expiresIn?: number;
}

/** Options of {@link FakeMetadataServer.start}. */
export interface FakeMetadataServerOptions {
  /** Accounts by name; `default` is an alias of the first (default: one `default` account). */
  serviceAccounts?: Record<string, FakeServiceAccount>;
  projectId?: string;
  /** Kept as a string, so numbers above 2^53 survive. */
  numericProjectId?: string;
}

/** One request as the fake server saw it. */
export interface FakeMetadataRequest {
  method: string;
  /** Path and query as sent. */
  url: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
}

/** A scripted answer that replaces the default behaviour of a path. */
export interface FakeMetadataAnswer {
  status?: number;
  headers?: Record<string, string>;
  /** A string is sent as is; anything else as JSON. */
  body?: unknown;
  /** The `Metadata-Flavor` value sent back; `null` omits the header (default `Google`). */
  flavor?: string | null;
  /** Wait before answering (real time). */
  delayMs?: number;
  /** Never answer (the client must time out). */
  hang?: boolean;
  /** Reset the connection instead of answering. */
  reset?: boolean;
}

const V1 = '/computeMetadata/v1';

/**
 * A fake Compute Engine metadata server on 127.0.0.1 for tests: the v1 paths, the
 * `Metadata-Flavor: Google` header required on requests and sent on answers, scriptable tokens,
 * e-mail, scopes and faults, and a record of every request. Point code at it with
 * `GCE_METADATA_HOST=<server.host>` (see {@link FakeMetadataServer.env}).
 *
 * @example
 * const server = await FakeMetadataServer.start({ projectId: 'my-project' });
 * const metadata = new MetadataClient({ env: server.env() });
 * await metadata.getToken(); // { accessToken: 'ya29.fake-1', expiresIn: 3599, ... }
 * server.script('/', { status: 500 }); // faults for a path, in order; the last one repeats
 * await server.close();
 */
export class FakeMetadataServer {
  /** Every request received, in order. */
  readonly requests: FakeMetadataRequest[] = [];
  readonly serviceAccounts: Record<string, FakeServiceAccount>;
  projectId: string;
  numericProjectId: string;
  readonly #server: Server;
  readonly #sockets = new Set<Socket>();
  readonly #scripts = new Map<string, { answers: FakeMetadataAnswer[]; served: number }>();
  #issued = 0;
  #host = '';

  private constructor(server: Server, options: FakeMetadataServerOptions) {
    this.#server = server;
    this.serviceAccounts = options.serviceAccounts ?? {
      default: {
        email: '123456789-compute@developer.gserviceaccount.com',
        scopes: ['https://www.googleapis.com/auth/cloud-platform'],
      },
    };
    this.projectId = options.projectId ?? 'fake-project';
    this.numericProjectId = options.numericProjectId ?? '123456789';
  }

  /** Start listening on 127.0.0.1 with an OS-assigned port. */
  static async start(options: FakeMetadataServerOptions = {}): Promise<FakeMetadataServer> {
    const server = createServer();
    // Close idle or slow sockets quickly (a test server must never keep a process alive).
    server.timeout = 5000;
    server.headersTimeout = 5000;
    server.requestTimeout = 5000;
    server.keepAliveTimeout = 1000;
    const self = new FakeMetadataServer(server, options);
    server.on('request', (req, res) => void self.#handle(req, res));
    server.on('connection', (socket) => {
      self.#sockets.add(socket);
      socket.on('close', () => self.#sockets.delete(socket));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    self.#host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
    return self;
  }

  /** `127.0.0.1:<port>`, the value for `GCE_METADATA_HOST`. */
  get host(): string {
    return this.#host;
  }

  /** `http://127.0.0.1:<port>`. */
  get url(): string {
    return `http://${this.#host}`;
  }

  /** Environment variables that point a client at this server (`GCE_METADATA_HOST`, `GCE_METADATA_IP`). */
  env(): Record<string, string> {
    return { GCE_METADATA_HOST: this.#host, GCE_METADATA_IP: this.#host };
  }

  /** Tokens issued so far. */
  get tokensIssued(): number {
    return this.#issued;
  }

  /**
   * Replace the answers of `path` (without query, e.g. `/` or
   * `/computeMetadata/v1/instance/service-accounts/default/token`) with scripted ones, served in
   * order; the last repeats. Call with no answers to restore the default behaviour.
   */
  script(path: string, ...answers: FakeMetadataAnswer[]): this {
    if (answers.length === 0) this.#scripts.delete(path);
    else this.#scripts.set(path, { answers, served: 0 });
    return this;
  }

  /** Requests received on `path` (without query). */
  requestsTo(path: string): FakeMetadataRequest[] {
    return this.requests.filter((r) => r.path === path);
  }

  /** How many requests `path` received (all paths when omitted). */
  count(path?: string): number {
    return path === undefined ? this.requests.length : this.requestsTo(path).length;
  }

  /** Stop listening and destroy open sockets. */
  async close(): Promise<void> {
    for (const socket of this.#sockets) socket.destroy();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const request: FakeMetadataRequest = {
      method: req.method ?? 'GET',
      url: req.url ?? '/',
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
    };
    this.requests.push(request);
    req.resume();
    const script = this.#scripts.get(url.pathname);
    if (script) {
      const answer = script.answers[Math.min(script.served, script.answers.length - 1)] ?? {};
      script.served++;
      await this.#send(res, answer);
      return;
    }
    await this.#send(res, this.#answer(request));
  }

  #answer(req: FakeMetadataRequest): FakeMetadataAnswer {
    // The real server refuses requests without the header and those that went through a proxy.
    if (req.headers['metadata-flavor'] !== 'Google' || req.headers['x-forwarded-for']) {
      return { status: 403, body: 'Missing required header "Metadata-Flavor": "Google"\n' };
    }
    if (req.method !== 'GET') return { status: 405, body: 'Method not allowed\n' };
    if (req.path === '/') return { body: 'computeMetadata/\n' };
    if (req.path === `${V1}/project/project-id`) return { body: this.projectId };
    if (req.path === `${V1}/project/numeric-project-id`) return { body: this.numericProjectId };
    const prefix = `${V1}/instance/service-accounts/`;
    if (req.path === prefix) {
      const names = Object.values(this.serviceAccounts).map((a) => a.email);
      return { body: ['default/', ...names.map((n) => `${n}/`)].join('\n') };
    }
    if (!req.path.startsWith(prefix)) return { status: 404, body: 'Not Found\n' };
    const [name = '', leaf = '', ...rest] = req.path.slice(prefix.length).split('/');
    const account = this.#account(decodeURIComponent(name));
    if (!account || rest.length > 0) return { status: 404, body: 'Not Found\n' };
    switch (leaf) {
      case '':
        return req.query.get('recursive') === 'true'
          ? {
              body: { aliases: ['default'], email: account.email, scopes: account.scopes },
            }
          : { body: 'aliases\nemail\nidentity\nscopes\ntoken\n' };
      case 'email':
        return { body: account.email };
      case 'scopes':
        return { body: `${account.scopes.join('\n')}\n` };
      case 'token': {
        this.#issued++;
        const token =
          typeof account.token === 'function'
            ? account.token(req)
            : (account.token ?? `ya29.fake-${this.#issued}`);
        return {
          body: {
            access_token: token,
            expires_in: account.expiresIn ?? 3599,
            token_type: 'Bearer',
          },
        };
      }
      default:
        return { status: 404, body: 'Not Found\n' };
    }
  }

  #account(name: string): FakeServiceAccount | undefined {
    const accounts = Object.values(this.serviceAccounts);
    if (name === 'default') return this.serviceAccounts.default ?? accounts[0];
    return this.serviceAccounts[name] ?? accounts.find((a) => a.email === name);
  }

  async #send(res: ServerResponse, answer: FakeMetadataAnswer): Promise<void> {
    if (answer.delayMs) await new Promise((r) => setTimeout(r, answer.delayMs));
    if (answer.hang) return;
    if (answer.reset) {
      res.socket?.resetAndDestroy();
      return;
    }
    const headers: Record<string, string> = { server: 'Metadata Server for VM' };
    const flavor = answer.flavor === undefined ? 'Google' : answer.flavor;
    if (flavor !== null) headers['metadata-flavor'] = flavor;
    let body: string;
    if (answer.body === undefined) body = '';
    else if (typeof answer.body === 'string') {
      body = answer.body;
      headers['content-type'] = 'application/text';
    } else {
      body = JSON.stringify(answer.body);
      headers['content-type'] = 'application/json';
    }
    Object.assign(headers, answer.headers);
    if (!res.destroyed) res.writeHead(answer.status ?? 200, headers).end(body);
  }
}

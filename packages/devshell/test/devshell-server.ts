import { type AddressInfo, createServer, type Server, type Socket } from 'node:net';

/** What the fake devshell server does once it has read the request. */
export type DevshellScript = (socket: Socket) => void;

/** Frame a payload the way the devshell server does: `"<len>\n<json>"`. */
export function frame(payload: string): string {
  return `${Buffer.byteLength(payload)}\n${payload}`;
}

/**
 * A real TCP server on a loopback address that plays the Cloud Shell devshell server: it reads
 * the 4 request bytes, records them, then runs the current script.
 */
export class FakeDevshellServer {
  /** The raw bytes of each request received. */
  readonly requests: Buffer[] = [];
  /** Sockets that closed, with whether the client closed them before the server did. */
  readonly closed: { byClient: boolean }[] = [];
  connections = 0;
  script: DevshellScript = (s) => s.end(frame('["joe@example.com", "fooproj", "sometoken", 3600]'));
  readonly #server: Server;
  readonly #sockets = new Set<Socket>();

  private constructor(server: Server) {
    this.#server = server;
  }

  static async start(host = '127.0.0.1', port = 0): Promise<FakeDevshellServer> {
    // allowHalfOpen: a FIN from the client is seen as such, not answered by an automatic end().
    const server = createServer({ allowHalfOpen: true });
    const self = new FakeDevshellServer(server);
    server.on('connection', (socket) => {
      self.connections++;
      self.#sockets.add(socket);
      let request = Buffer.alloc(0);
      let ran = false;
      let serverEnded = false;
      socket.on('data', (chunk: Buffer) => {
        request = Buffer.concat([request, chunk]);
        if (!ran && request.length >= 4) {
          ran = true;
          self.requests.push(request);
          const end = socket.end.bind(socket);
          socket.end = ((...args: Parameters<Socket['end']>) => {
            serverEnded = true;
            return end(...args);
          }) as Socket['end'];
          self.script(socket);
        }
      });
      let byClient: boolean | undefined;
      socket.on('end', () => {
        byClient ??= !serverEnded;
        socket.destroy();
      });
      socket.on('error', () => {
        byClient ??= !serverEnded;
      });
      socket.on('close', () => {
        self.#sockets.delete(socket);
        self.closed.push({ byClient: byClient ?? false });
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, resolve);
    });
    return self;
  }

  get port(): number {
    return (this.#server.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    for (const s of this.#sockets) s.destroy();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}

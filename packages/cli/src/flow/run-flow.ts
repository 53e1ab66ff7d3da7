import { createServer } from 'node:net';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { OAuth2Credentials, OAuth2WebServerFlow, Storage } from '@oauth2/core';
import { FlowExchangeError } from '@oauth2/core/errors';
import { LoginTimeoutError } from '../errors.js';
import { escapeControlCharacters } from '../internal/escape.js';
import { openBrowser } from '../internal/open-browser.js';
import { showWaitNotice } from '../internal/wait-notice.js';
import { LoopbackRedirectServer } from './loopback-server.js';

/** Options of {@link runFlow} (oauth2client's `tools.argparser` flags, camelCased, and more). */
export interface RunFlowOptions {
  /** Loopback IP literal to listen on and redirect to (default `127.0.0.1`). */
  authHostName?: string | undefined;
  /** A port, or ports tried in order (default: one the OS assigns). */
  authHostPort?: number | readonly number[] | undefined;
  /**
   * Paste mode (SSH sessions): print the URL and read the URL the browser was finally sent to
   * (`http://127.0.0.1:<port>/?code=...&state=...`, shown in its address bar) from `input`.
   * Never the out-of-band URN.
   */
  noauthLocalWebserver?: boolean | undefined;
  /** Open the browser (default `true`), or a function that opens the URL. */
  openBrowser?: boolean | ((url: string) => void | Promise<void>) | undefined;
  /** Give up after this long (default 300 000 ms = 5 min) with `LoginTimeoutError`. */
  timeoutMs?: number | undefined;
  /** Cancel the login (Ctrl-C): the server is closed, nothing is stored. */
  signal?: AbortSignal | undefined;
  /** Where instructions go (default `process.stderr`). */
  output?: (Writable & { isTTY?: boolean }) | undefined;
  /** Where the pasted URL is read from in paste mode (default `process.stdin`). */
  input?: Readable | undefined;
}

/**
 * Run an authorization-code login in a terminal and store the result: the port of
 * `oauth2client.tools.run_flow`, rebuilt on RFC 8252. A loopback server on `127.0.0.1` with an
 * OS-assigned port receives the redirect (`redirect_uri` exactly `http://127.0.0.1:<port>/`),
 * with PKCE S256, a fresh `state` and, for `openid`, a `nonce` (all from the flow's
 * `step1GetAuthorizeUrl`). The URL is printed before the browser is opened. In paste mode the
 * user pastes the final redirected URL instead. The credentials are written with
 * `storage.put`, attached to the storage, and returned.
 *
 * @throws {LoginTimeoutError} no callback within `timeoutMs`; nothing stored.
 * @throws {LoopbackServerError} the server could not start.
 * @throws {FlowExchangeError} the provider sent `error`, the state did not match, or the code
 *   exchange failed.
 * @throws the signal's reason when `signal` aborts; nothing stored.
 * @example
 * import { OAuth2WebServerFlow } from '@oauth2/core';
 * import { FileStorage } from '@oauth2/storage-file';
 * import { runFlow } from '@oauth2/cli';
 *
 * const flow = new OAuth2WebServerFlow({ clientId, clientSecret, scope: ['openid', 'email'] });
 * const credentials = await runFlow(flow, new FileStorage('creds.json'));
 * console.log((await credentials.getAccessToken()).accessToken);
 */
export async function runFlow(
  flow: OAuth2WebServerFlow,
  storage: Storage,
  options: RunFlowOptions = {},
): Promise<OAuth2Credentials> {
  const output = options.output ?? process.stderr;
  const timeoutMs = options.timeoutMs ?? 300_000;
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  const ports =
    options.authHostPort === undefined
      ? [0]
      : typeof options.authHostPort === 'number'
        ? [options.authHostPort]
        : options.authHostPort;
  const timedOut = () =>
    new LoginTimeoutError(
      `No sign-in arrived within ${formatDuration(timeoutMs)}; nothing was stored. Run the login again (or use the device flow).`,
    );

  let params: URLSearchParams;
  try {
    if (options.noauthLocalWebserver) {
      params = await pasteMode(flow, options, output, ports, signal, timeoutMs);
    } else {
      params = await loopbackMode(flow, options, output, ports, signal, timeoutMs);
    }
  } catch (err) {
    if (timeout.aborted && !options.signal?.aborted) throw timedOut();
    throw err;
  }
  const credentials = await flow.step2Exchange(params, { signal: options.signal });
  return storeSignedIn(storage, credentials);
}

/** Store a credential a sign-in just produced and attach it (refreshes are written back there). */
export async function storeSignedIn(
  storage: Storage,
  credentials: OAuth2Credentials,
): Promise<OAuth2Credentials> {
  await storage.put(credentials);
  credentials.setStore(storage);
  return credentials;
}

async function loopbackMode(
  flow: OAuth2WebServerFlow,
  options: RunFlowOptions,
  output: Writable & { isTTY?: boolean },
  ports: readonly number[],
  signal: AbortSignal,
  timeoutMs: number,
): Promise<URLSearchParams> {
  // The state must be known before the server starts; the flow then uses the same one.
  const state = randomState();
  const server = await LoopbackRedirectServer.start({
    expectedState: state,
    host: options.authHostName,
    ports,
  });
  try {
    const { url } = flow.step1GetAuthorizeUrl({ redirectUri: server.redirectUri, state });
    output.write(`Open this URL in your browser to sign in:\n\n    ${url}\n\n`);
    const opener = options.openBrowser ?? true;
    if (opener === true) await openBrowser(url);
    else if (typeof opener === 'function') await opener(url);
    const stop = showWaitNotice(output, 'the browser sign-in', timeoutMs);
    try {
      return await server.waitForCallback({ signal });
    } finally {
      stop();
    }
  } finally {
    await server.close();
  }
}

async function pasteMode(
  flow: OAuth2WebServerFlow,
  options: RunFlowOptions,
  output: Writable,
  ports: readonly number[],
  signal: AbortSignal,
  timeoutMs: number,
): Promise<URLSearchParams> {
  const host = options.authHostName ?? '127.0.0.1';
  const port = ports.find((p) => p !== 0) ?? (await freePort(host));
  const literal = host.includes(':') ? `[${host}]` : host;
  const redirectUri = `http://${literal}:${port}/`;
  const { url } = flow.step1GetAuthorizeUrl({ redirectUri });
  output.write(
    `Open this URL in a browser on any machine and sign in:\n\n    ${url}\n\n` +
      `The browser then fails to load ${redirectUri}... (nothing listens there): copy the whole URL from its address bar and paste it here (within ${formatDuration(timeoutMs)}).\n`,
  );
  const line = await readLine(options.input ?? process.stdin, output, signal);
  let pasted: URL;
  try {
    pasted = new URL(line.trim());
  } catch {
    throw new FlowExchangeError(
      'That is not a URL. Paste the whole address the browser was sent to, starting with http://127.0.0.1.',
    );
  }
  if (pasted.origin !== new URL(redirectUri).origin) {
    throw new FlowExchangeError(
      `The pasted URL does not start with ${escapeControlCharacters(redirectUri)}; paste the address the browser was sent to after signing in.`,
    );
  }
  return pasted.searchParams;
}

function readLine(input: Readable, output: Writable, signal: AbortSignal): Promise<string> {
  return new Promise((resolve, reject) => {
    const rl = createInterface({ input, terminal: false });
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      fn();
      rl.close();
    };
    const onAbort = () => settle(() => reject(signal.reason));
    signal.addEventListener('abort', onAbort, { once: true });
    output.write('Pasted URL: ');
    rl.once('line', (answer) => settle(() => resolve(answer)));
    rl.once('close', () =>
      settle(() => reject(new FlowExchangeError('No URL was pasted (the input ended).'))),
    );
  });
}

function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, host, () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

function randomState(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('base64url');
}

function formatDuration(ms: number): string {
  if (ms % 60_000 === 0) return `${ms / 60_000} min`;
  return `${Math.round(ms / 100) / 10} s`;
}

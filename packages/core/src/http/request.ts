import {
  ConfigurationError,
  NetworkError,
  ResponseTooLargeError,
  TimeoutError,
} from '../errors.js';
import { cappedReader, readStreamCapped } from './capped-body.js';
import { defaultTransport } from './default-transport.js';
import { assertHeaderValue } from './endpoint.js';

/** A `fetch`-compatible function. Every object that talks to the network accepts one. */
export type FetchLike = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/** Per-request limits. */
export interface HttpRequestOptions {
  /**
   * Transport. Default: on Node, `node:http`/`node:https` through Node's global agents (unless
   * the process set an undici global dispatcher); elsewhere `globalThis.fetch`.
   */
  fetch?: FetchLike | undefined;
  /** Per-attempt limit covering connect, headers and body, in ms (default 10 000). */
  timeoutMs?: number | undefined;
  /** Caller cancellation; an abort rejects with `signal.reason`. */
  signal?: AbortSignal | undefined;
  /** Body size cap in bytes (default 1 MiB); a larger body is aborted. */
  maxBodyBytes?: number | undefined;
}

/** A fully read response. */
export interface HttpResponse {
  status: number;
  headers: Headers;
  /** The body as UTF-8 text (at most `maxBodyBytes`). */
  body: string;
}

/** Default per-attempt timeout. */
export const DEFAULT_TIMEOUT_MS = 10_000;
/** Default body cap: 1 MiB. */
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH']);

/**
 * One HTTP exchange with the library's safety rails: redirects are never followed (a 3xx is
 * returned as is), the whole exchange including the body has a timeout, the body is capped, and
 * failures become typed errors (`TimeoutError`, `NetworkError`, `ResponseTooLargeError`) whose
 * messages carry the host only, never the URL's query or the body.
 *
 * @throws {ConfigurationError} `url` is not a URL, or a header value has CR/LF/NUL: nothing is
 *   sent, and retrying cannot help.
 * @throws {TimeoutError} the attempt took longer than `timeoutMs`.
 * @throws {NetworkError} the connection failed; `maybeSent` says whether the body may have left.
 * @throws {ResponseTooLargeError} the body exceeded `maxBodyBytes`.
 * @example
 * const res = await httpRequest('https://oauth2.googleapis.com/token', {
 *   method: 'POST',
 *   body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: rt }),
 * });
 */
export async function httpRequest(
  url: string | URL,
  init: Omit<RequestInit, 'signal'> & HttpRequestOptions = {},
): Promise<HttpResponse> {
  const { fetch: fetchImpl, timeoutMs, signal, maxBodyBytes, ...requestInit } = init;
  const limit = timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const cap = maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const host = safeHost(url);
  checkRequest(url, requestInit.headers);
  if (signal?.aborted) throw signal.reason;

  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new TimeoutError(`Request to ${host} timed out after ${limit} ms.`));
  }, limit);
  const onAbort = () => controller.abort(signal?.reason);
  signal?.addEventListener('abort', onAbort, { once: true });

  const fail = (err: unknown, phase: 'connect' | 'body'): never => {
    if (timedOut) throw new TimeoutError(`Request to ${host} timed out after ${limit} ms.`);
    if (signal?.aborted) throw signal.reason;
    if (err instanceof ResponseTooLargeError) throw err;
    const code = errorCode(err) ?? knownReason(err);
    throw new NetworkError(
      `Request to ${host} failed${code ? ` (${code})` : ''}${phase === 'body' ? ' while reading the response' : ''}.`,
      { cause: err, maybeSent: phase === 'body' || !NOT_SENT_CODES.has(code ?? '') },
    );
  };

  try {
    let response: Response;
    try {
      response = await (fetchImpl ?? (await defaultTransport()))(url, {
        ...requestInit,
        redirect: 'manual',
        signal: controller.signal,
      });
    } catch (err) {
      return fail(err, 'connect');
    }
    let body: string;
    try {
      body = await readCapped(response, cap, host, controller);
    } catch (err) {
      return fail(err, 'body');
    }
    return { status: response.status, headers: response.headers, body };
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  }
}

async function readCapped(
  response: Response,
  cap: number,
  host: string,
  controller: AbortController,
): Promise<string> {
  const tooLarge = () =>
    new ResponseTooLargeError(`Response from ${host} is larger than ${cap} bytes.`);
  // A transport that can hand the bytes over directly (no web stream) is read that way.
  const readDirect = cappedReader(response);
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > cap) {
    controller.abort();
    if (!readDirect) await response.body?.cancel().catch(() => {});
    throw tooLarge();
  }
  const bytes = readDirect
    ? await readDirect(cap)
    : response.body
      ? await readStreamCapped(response.body, cap)
      : new Uint8Array(0);
  if (bytes === undefined) {
    controller.abort();
    throw tooLarge();
  }
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
}

function errorCode(err: unknown): string | undefined {
  let e: unknown = err;
  for (let i = 0; i < 4 && e && typeof e === 'object'; i++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/** Reasons fetch gives without a `code`, safe to quote (they never hold the URL or body). */
const KNOWN_REASONS = new Set(['bad port', 'unknown scheme', 'redirect count exceeded']);

function knownReason(err: unknown): string | undefined {
  let e: unknown = err;
  for (let i = 0; i < 4 && e && typeof e === 'object'; i++) {
    const message = (e as { message?: unknown }).message;
    if (typeof message === 'string' && KNOWN_REASONS.has(message)) return message;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/** A request that cannot be sent as given is a configuration mistake, not a network failure. */
function checkRequest(url: string | URL, headers: RequestInit['headers']): void {
  try {
    new URL(url);
  } catch {
    throw new ConfigurationError(
      'The endpoint is not an absolute URL; give the full endpoint, e.g. https://auth.example.com/token.',
      { field: 'url' },
    );
  }
  if (headers === undefined) return;
  // Not `instanceof Headers`: touching that global loads undici (~50-150 ms of a cold start).
  const entries = Array.isArray(headers)
    ? headers
    : typeof (headers as Headers).entries === 'function'
      ? [...(headers as Headers).entries()]
      : Object.entries(headers);
  for (const [name, value] of entries) {
    assertHeaderValue(`The ${name} header`, String(value));
    if ([...String(value)].some((c) => c === '\0' || c.charCodeAt(0) > 0xff)) {
      throw new ConfigurationError(
        `The ${name} header has a character outside Latin-1, which HTTP cannot carry; remove it.`,
        { field: name },
      );
    }
  }
}

/** The host of a URL, for error messages (never the path or query, which may hold secrets). */
export function safeHost(url: string | URL): string {
  try {
    return new URL(url).host;
  } catch {
    return '(invalid URL)';
  }
}

import { connect } from 'node:net';
import { CommunicationError } from './errors.js';
import {
  type CredentialInfo,
  parseCredentialInfo,
  parseHeader,
  REQUEST_BYTES,
} from './internal/protocol.js';

export type { CredentialInfo } from './internal/protocol.js';

/** Default total deadline of one exchange (connect, request, answer), in ms. */
export const DEFAULT_DEVSHELL_TIMEOUT_MS = 5000;

/** Options of {@link requestCredentialInfo}. */
export interface RequestCredentialInfoOptions {
  /** The devshell port (see `devshellPort`). Only 127.0.0.1 is ever dialled. */
  port: number;
  /** Total deadline in ms (default 5 000); the socket is destroyed when it passes. */
  timeoutMs?: number;
  /** Caller cancellation. */
  signal?: AbortSignal;
}

/**
 * Ask the Cloud Shell devshell server for the user's credentials: connect to
 * `127.0.0.1:<port>`, send exactly `2\n[]`, read the length-prefixed answer (only the declared
 * length, then the socket is closed) and parse its PBLite list.
 *
 * @throws {CommunicationError} unreachable server, framing fault, bad payload, or the deadline
 *   passed (`code` `timeout`).
 * @example
 * const info = await requestCredentialInfo({ port: devshellPort() });
 * console.log(info.userEmail, info.projectId);
 */
export function requestCredentialInfo(
  options: RequestCredentialInfoOptions,
): Promise<CredentialInfo> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_DEVSHELL_TIMEOUT_MS;
  const { port, signal } = options;
  return new Promise<CredentialInfo>((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const socket = connect({ host: '127.0.0.1', port });
    let received = Buffer.alloc(0);
    let settled = false;
    const finish = (err: unknown, info?: CredentialInfo) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      socket.destroy();
      if (info) resolve(info);
      else reject(err);
    };
    const timer = setTimeout(() => {
      finish(
        new CommunicationError(
          `The devshell server on 127.0.0.1:${port} did not answer within ${timeoutMs} ms.`,
          { code: 'timeout' },
        ),
      );
    }, timeoutMs);
    const onAbort = () => finish(signal?.reason);
    signal?.addEventListener('abort', onAbort, { once: true });

    socket.on('connect', () => socket.write(REQUEST_BYTES));
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      try {
        const header = parseHeader(received);
        if (!header) return;
        const end = header.headerBytes + header.length;
        if (received.length < end) return;
        // Only the declared length is read; anything after it is ignored.
        const payload = received.subarray(header.headerBytes, end).toString('utf8');
        finish(undefined, parseCredentialInfo(payload));
      } catch (err) {
        finish(err);
      }
    });
    socket.on('end', () => {
      finish(
        new CommunicationError(
          `The devshell server on 127.0.0.1:${port} closed the connection before a complete answer (${received.length} bytes received).`,
        ),
      );
    });
    socket.on('error', (err: NodeJS.ErrnoException) => {
      finish(
        new CommunicationError(
          `Could not talk to the devshell server on 127.0.0.1:${port}${err.code ? ` (${err.code})` : ''}.`,
          { cause: err },
        ),
      );
    });
  });
}

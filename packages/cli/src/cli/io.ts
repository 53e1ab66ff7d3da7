import type { Readable, Writable } from 'node:stream';
import { escapeControlCharacters } from '../internal/escape.js';

/** What a command talks to: streams, environment, cancellation. Tests pass their own. */
export interface Io {
  stdout: Writable & { isTTY?: boolean };
  stderr: Writable & { isTTY?: boolean };
  stdin: Readable & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  /** Aborted on Ctrl-C (SIGINT). */
  signal: AbortSignal;
}

/** Exit codes, aligned with `gh`. */
export const EXIT = {
  ok: 0,
  failure: 1,
  usage: 2,
  loginNeeded: 4,
  unavailable: 5,
  interrupted: 130,
} as const;

/** A command-line mistake: exit 2 with this message and a pointer to `--help`. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** No usable credential for the account: exit 4. */
export class LoginNeededError extends Error {
  override name = 'LoginNeededError';
  readonly code = 'login_needed';
}

/** Whether to colour a stream: a TTY, and `NO_COLOR` unset or empty (no-color.org). */
export function useColor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv): boolean {
  return stream.isTTY === true && !env.NO_COLOR && env.TERM !== 'dumb';
}

/** Text from a server or a file, made safe for a terminal. */
export function safe(text: string): string {
  return escapeControlCharacters(text);
}

/** Human text for stderr (escaped), optionally coloured. */
export function note(io: Io, text: string, color?: 'red' | 'green' | 'yellow' | 'dim'): void {
  const codes = { red: 31, green: 32, yellow: 33, dim: 2 } as const;
  const line = safe(text);
  io.stderr.write(
    color && useColor(io.stderr, io.env) ? `\x1b[${codes[color]}m${line}\x1b[0m\n` : `${line}\n`,
  );
}

/**
 * One JSON object on stdout. JSON escapes C0 controls itself; DEL, C1 controls and bidi
 * overrides are escaped too (still valid JSON), so server text cannot drive a terminal.
 */
export function printJson(io: Io, value: unknown): void {
  const text = JSON.stringify(value, null, 2).replace(
    /[\u007f-\u009f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  io.stdout.write(`${text}\n`);
}

import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import {
  type OidcClientMetadata,
  type OidcProviderHandle,
  type StartOidcProviderOptions,
  startOidcProvider,
} from '@oauth2/test-kit';
import { expect } from 'vitest';
import { main } from '../src/cli/main.js';

export const packageDir = dirname(dirname(fileURLToPath(import.meta.url)));
/** The built command (`pnpm build` / turbo's `build` before `test`). */
export const BIN = join(packageDir, 'dist', 'bin.js');
export const BROWSER_SCRIPT = join(packageDir, 'test', 'fixtures', 'browser.sh');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** A writable that keeps what it was given. */
function collector(isTTY = false): Writable & { text: () => string; isTTY: boolean } {
  let text = '';
  const w = new Writable({
    write(chunk, _e, cb) {
      text += String(chunk);
      cb();
    },
  });
  return Object.assign(w, { text: () => text, isTTY });
}

/** Start the command in this process (no build needed); `stderr()` reads what it wrote so far. */
export function startCli(
  args: string[],
  options: { env: NodeJS.ProcessEnv; stdin?: PassThrough; signal?: AbortSignal },
): { done: Promise<CliResult>; stderr: () => string } {
  const stdout = collector();
  const stderr = collector();
  const stdin = options.stdin ?? new PassThrough();
  if (!options.stdin) stdin.end();
  const done = main(args, {
    stdout,
    stderr,
    stdin,
    env: options.env,
    signal: options.signal ?? new AbortController().signal,
  }).then((code) => ({ code, stdout: stdout.text(), stderr: stderr.text() }));
  return { done, stderr: () => stderr.text() };
}

/** Run the command in this process and wait for its exit code and output. */
export function runCli(
  args: string[],
  options: { env: NodeJS.ProcessEnv; stdin?: PassThrough; signal?: AbortSignal },
): Promise<CliResult> {
  return startCli(args, options).done;
}

/** Run the built `oauth2` in a child process. */
export function spawnCli(
  args: string[],
  options: { env: NodeJS.ProcessEnv; input?: string },
): Promise<CliResult> & { child: ReturnType<typeof spawn> } {
  expect(existsSync(BIN), `build the package first: ${BIN}`).toBe(true);
  const child = spawn(process.execPath, [BIN, ...args], { env: options.env, stdio: 'pipe' });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (c) => (stdout += c));
  child.stderr.setEncoding('utf8').on('data', (c) => (stderr += c));
  child.stdin.end(options.input ?? '');
  const done = new Promise<CliResult>((resolve) =>
    child.on('close', (code, signal) =>
      resolve({ code: code ?? (signal ? 128 : -1), stdout, stderr }),
    ),
  );
  return Object.assign(done, { child });
}

/** A clean environment for one test: its own HOME and config, no keyring, the test browser. */
export function cliEnv(home: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: home,
    XDG_CONFIG_HOME: join(home, '.config'),
    NO_COLOR: '1',
    BROWSER: BROWSER_SCRIPT,
    OAUTH2_TEST_BROWSER_LOG: join(home, 'browser.log'),
    ...extra,
  };
}

/** The URLs the test browser was asked to open so far. */
export function openedUrls(home: string): string[] {
  const log = join(home, 'browser.log');
  return existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean) : [];
}

/** The public native client every CLI test logs in with (RFC 8252: loopback redirect, any port). */
export const NATIVE_CLIENT: OidcClientMetadata = {
  client_id: 'cli',
  redirect_uris: ['http://127.0.0.1/'],
  token_endpoint_auth_method: 'none',
  application_type: 'native',
};

/** A real OpenID provider with {@link NATIVE_CLIENT} (plus `client` fields) and user ann@example.com. */
export function startCliProvider(
  client: Partial<OidcClientMetadata> = {},
  options: Partial<StartOidcProviderOptions> = {},
): Promise<OidcProviderHandle> {
  return startOidcProvider({
    clients: [{ ...NATIVE_CLIENT, ...client }],
    claims: { email: 'ann@example.com' },
    ...options,
  });
}

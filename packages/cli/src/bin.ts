#!/usr/bin/env node
import { writeSync } from 'node:fs';
import type { Writable } from 'node:stream';
import { main } from './cli/main.js';

/**
 * stdout/stderr as plain synchronous writes: building process.stdout/stderr streams costs
 * ~20 ms, which print-access-token (run in loops by scripts) would pay for one line.
 */
function fdWriter(fd: number): Writable & { isTTY: boolean } {
  let tty: boolean | undefined;
  return {
    write(chunk: string | Uint8Array): boolean {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      for (let done = 0; done < bytes.length; ) done += writeSync(fd, bytes, done);
      return true;
    },
    get isTTY(): boolean {
      tty ??= process.getBuiltinModule('node:tty').isatty(fd);
      return tty;
    },
  } as unknown as Writable & { isTTY: boolean };
}

// Ctrl-C aborts the running command (it closes servers and writes nothing); a second one, or a
// command that does not stop within 2 s, exits at once. Either way the exit code is 130.
const controller = new AbortController();
process.on('SIGINT', () => {
  if (controller.signal.aborted) process.exit(130);
  controller.abort(Object.assign(new Error('Interrupted'), { name: 'AbortError' }));
  setTimeout(() => process.exit(130), 2_000).unref();
});

const code = await main(process.argv.slice(2), {
  stdout: fdWriter(1),
  stderr: fdWriter(2),
  // A getter: creating process.stdin loads readline and a TTY/pipe handle (~15 ms), which
  // print-access-token never needs.
  get stdin() {
    return process.stdin;
  },
  env: process.env,
  signal: controller.signal,
});
process.exit(code);

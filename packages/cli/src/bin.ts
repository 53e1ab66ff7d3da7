#!/usr/bin/env node
import { main } from './cli/main.js';

// Ctrl-C aborts the running command (it closes servers and writes nothing); a second one, or a
// command that does not stop within 2 s, exits at once. Either way the exit code is 130.
const controller = new AbortController();
process.on('SIGINT', () => {
  if (controller.signal.aborted) process.exit(130);
  controller.abort(Object.assign(new Error('Interrupted'), { name: 'AbortError' }));
  setTimeout(() => process.exit(130), 2_000).unref();
});

const code = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  // A getter: creating process.stdin loads readline and a TTY/pipe handle (~15 ms), which
  // print-access-token never needs.
  get stdin() {
    return process.stdin;
  },
  env: process.env,
  signal: controller.signal,
});
process.exit(code);

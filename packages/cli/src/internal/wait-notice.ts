import type { Writable } from 'node:stream';

/**
 * What the user sees while a login waits: on a TTY a countdown rewritten in place every second,
 * otherwise one line. Returns a function that stops it and clears the line.
 */
export function showWaitNotice(
  output: Writable & { isTTY?: boolean },
  what: string,
  timeoutMs: number,
): () => void {
  const deadline = Date.now() + timeoutMs;
  const left = () => {
    const s = Math.max(0, Math.ceil((deadline - Date.now()) / 1000));
    return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
  };
  if (!output.isTTY) {
    output.write(`Waiting for ${what} (up to ${left()}; Ctrl-C to cancel)...\n`);
    return () => {};
  }
  const draw = () =>
    output.write(`\r\x1b[2KWaiting for ${what}... ${left()} left (Ctrl-C to cancel)`);
  draw();
  const timer = setInterval(draw, 1000);
  timer.unref();
  return () => {
    clearInterval(timer);
    output.write('\r\x1b[2K');
  };
}

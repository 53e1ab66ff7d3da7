import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { type Io, note, printJson, useColor } from './io.js';

function io(isTTY: boolean, env: NodeJS.ProcessEnv): Io & { err: () => string; out: () => string } {
  let err = '';
  let out = '';
  const w = (add: (s: string) => void) =>
    Object.assign(
      new Writable({
        write(c, _e, cb) {
          add(String(c));
          cb();
        },
      }),
      { isTTY },
    );
  return {
    stdout: w((s) => (out += s)),
    stderr: w((s) => (err += s)),
    stdin: process.stdin,
    env,
    signal: new AbortController().signal,
    err: () => err,
    out: () => out,
  };
}

describe('terminal output', () => {
  it('colours only a TTY, and never with NO_COLOR or TERM=dumb', () => {
    expect(useColor({ isTTY: true }, {})).toBe(true);
    expect(useColor({ isTTY: false }, {})).toBe(false);
    expect(useColor({ isTTY: true }, { NO_COLOR: '1' })).toBe(false);
    expect(useColor({ isTTY: true }, { TERM: 'dumb' })).toBe(false);
    const tty = io(true, {});
    note(tty, 'failed', 'red');
    expect(tty.err()).toBe('\u001b[31mfailed\u001b[0m\n');
    const plain = io(true, { NO_COLOR: '1' });
    note(plain, 'failed', 'red');
    expect(plain.err()).toBe('failed\n');
  });

  it('escapes control characters and bidi overrides in human text and in JSON', () => {
    const o = io(false, {});
    note(o, 'a\u001b[2Jb\u009bc\u202ed');
    expect(o.err()).toBe('a\\x1b[2Jb\\x9bc\\u202ed\n');
    printJson(o, { description: 'x\u001by\u009bz\u202e' });
    expect(o.out()).toContain('"x\\u001by\\u009bz\\u202e"');
    expect(JSON.parse(o.out())).toEqual({ description: 'x\u001by\u009bz\u202e' });
  });
});

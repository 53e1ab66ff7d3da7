import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * The interpreter that has Debian's `python3-oauth2client`. Only `/usr/bin/python3` has it:
 * the `python3` first on PATH may be another interpreter. `OAUTH2_PYTHON` overrides.
 */
export const pythonPath: string = process.env.OAUTH2_PYTHON ?? '/usr/bin/python3';

/**
 * Run a Python snippet with the real `oauth2client` and return its stdout. `input` is written to
 * stdin (pass JSON there rather than interpolating into code). Always async: a synchronous spawn
 * would freeze a loopback server running in the same process.
 *
 * @example
 * const out = await runPython('import sys, json; print(json.load(sys.stdin)["a"])', '{"a": 1}');
 */
export async function runPython(code: string, input?: string): Promise<string> {
  const child = run(pythonPath, ['-c', code], { timeout: 60_000, maxBuffer: 64 * 1024 * 1024 });
  if (input !== undefined) {
    child.child.stdin?.end(input);
  } else {
    child.child.stdin?.end();
  }
  const { stdout } = await child;
  return stdout;
}

/** The installed `oauth2client` version (throws with a setup hint when it is missing). */
export async function oauth2clientVersion(): Promise<string> {
  try {
    return (await runPython('import oauth2client; print(oauth2client.__version__)')).trim();
  } catch (err) {
    throw new Error(
      `python3-oauth2client is not importable by ${pythonPath}; run 'bash scripts/setup.sh'.`,
      { cause: err },
    );
  }
}

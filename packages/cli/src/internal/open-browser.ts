import { spawn } from 'node:child_process';

/**
 * Hand `url` to the user's browser: `$BROWSER` when set (as `$BROWSER <url>`, like Python's
 * `webbrowser`), else the `open` package (imported only here). A failed launch is harmless: the
 * URL was printed first, and `open` can fail after its promise resolved, so errors are ignored.
 */
export async function openBrowser(
  url: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<void> {
  try {
    const browser = env.BROWSER;
    if (browser) {
      const child = spawn(browser, [url], { stdio: 'ignore', detached: true, env });
      child.on('error', () => {});
      child.unref();
      return;
    }
    const { default: open } = await import('open');
    const child = await open(url);
    child.on('error', () => {});
    child.unref();
  } catch {
    // The URL is on the screen; the user can open it by hand.
  }
}

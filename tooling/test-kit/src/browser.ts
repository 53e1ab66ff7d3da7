import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';

/** Debian's Chromium (apt `chromium`), installed by `scripts/setup.sh`. Never a downloaded build. */
export const CHROMIUM_PATH: string = process.env.OAUTH2_CHROMIUM ?? '/usr/bin/chromium';

/** Flags that keep headless Chromium off the network and quiet on this machine (toolchain.md). */
export const CHROMIUM_ARGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-quic',
  '--no-first-run',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Launch headless Debian Chromium through `playwright-core` (imported lazily, so test files that
 * never open a browser do not pay for it). Close it in `afterAll`.
 *
 * @example
 * const browser = await launchChromium();
 * const page = await browser.newPage();
 * await page.goto(`${app.url}/`);
 * await browser.close();
 */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium not found at ${CHROMIUM_PATH}: run scripts/setup.sh (apt chromium).`);
  }
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [...CHROMIUM_ARGS],
    headless: true,
  });
}

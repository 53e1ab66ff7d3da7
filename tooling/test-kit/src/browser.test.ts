import { afterAll, describe, expect, it } from 'vitest';
import { launchChromium } from './browser.js';
import { LoopbackServer } from './loopback-server.js';

describe('launchChromium', () => {
  let server: LoopbackServer | undefined;
  afterAll(async () => server?.close());

  it('opens a loopback page in Debian Chromium and reads it back', async () => {
    server = await LoopbackServer.start();
    server.route('GET', '/', {
      headers: { 'content-type': 'text/html' },
      body: '<title>hi</title><p id="x">loopback</p>',
    });
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      await page.goto(server.urlOf('/'));
      expect(await page.textContent('#x')).toBe('loopback');
      expect(server.count('/')).toBe(1);
    } finally {
      await browser.close();
    }
  }, 30_000);
});

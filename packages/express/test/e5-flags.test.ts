// Adversarial E5: cookie and header flags under https (behind a trusted proxy).
import { describe, expect, it } from 'vitest';
import { startTestApp, useTestApp } from './helpers.js';

const app = useTestApp({ trustProxy: true });

function attributes(line: string): Map<string, string> {
  const parts = line.split(';').map((p) => p.trim());
  return new Map(
    parts.slice(1).map((p) => {
      const eq = p.indexOf('=');
      return eq < 0 ? [p.toLowerCase(), ''] : [p.slice(0, eq).toLowerCase(), p.slice(eq + 1)];
    }),
  );
}

describe('E5: cookies and headers under https', () => {
  it('transaction cookie: HttpOnly; Secure; SameSite=Lax; Path=/oauth2callback; Max-Age<=600', async () => {
    const agent = app.agent();
    const first = await agent.get('/protected');
    const authorize = await agent.get(first.location as string);
    expect(new URL(authorize.location as string).searchParams.get('redirect_uri')).toMatch(
      /^https:\/\/127\.0\.0\.1:\d+\/oauth2callback$/,
    );
    const cookies = authorize.headers.getSetCookie();
    const tx = attributes(cookies.find((c) => c.startsWith('oauth2tx_')) as string);
    expect(tx.has('httponly')).toBe(true);
    expect(tx.has('secure')).toBe(true);
    expect(tx.get('samesite')).toBe('Lax');
    expect(tx.get('path')).toBe('/oauth2callback');
    expect(Number(tx.get('max-age'))).toBeGreaterThan(0);
    expect(Number(tx.get('max-age'))).toBeLessThanOrEqual(600);
    const sid = attributes(cookies.find((c) => c.startsWith('connect.sid=')) as string);
    expect(sid.has('httponly')).toBe(true);
    expect(sid.has('secure')).toBe(true);
    expect(sid.get('samesite')?.toLowerCase()).toBe('lax');
    expect(authorize.headers.get('cache-control')).toBe('no-store');
  });

  it('callback: no-store, no-referrer, a 302 to a URL without code or state, a new secure session cookie', async () => {
    const agent = app.agent();
    const first = await agent.get('/protected?tab=1');
    const authorize = await agent.get(first.location as string);
    const callback = await app.op.completeAuthorization(authorize.location as string);
    expect(callback.protocol).toBe('https:');
    const res = await agent.get(`${callback.pathname}${callback.search}`);
    expect(res.status).toBe(302);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    const location = new URL(res.location as string, app.url);
    expect(location.pathname).toBe('/protected');
    expect(location.searchParams.has('code')).toBe(false);
    expect(location.searchParams.has('state')).toBe(false);
    expect(res.location).not.toContain(callback.searchParams.get('code') as string);
    const cookies = res.headers.getSetCookie();
    const sid = attributes(cookies.find((c) => c.startsWith('connect.sid=')) as string);
    expect(sid.has('httponly') && sid.has('secure')).toBe(true);
    expect(sid.get('samesite')?.toLowerCase()).toBe('lax');
    // The transaction cookie is cleared with the same attributes.
    const cleared = attributes(cookies.find((c) => c.startsWith('oauth2tx_')) as string);
    expect(cleared.get('max-age')).toBe('0');
    expect(cleared.get('path')).toBe('/oauth2callback');
  });

  it('a failing callback page has the same headers and loads nothing (no src, no external href)', async () => {
    const agent = app.agent();
    const res = await agent.get('/oauth2callback?error=access_denied&state=x');
    expect(res.status).toBe(400);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.text_).not.toMatch(/<script|<link|<img|<iframe|src=|https?:\/\//i);
  });

  it('without https the transaction cookie is not Secure (plain http development)', async () => {
    const plain = await startTestApp();
    try {
      const agent = plain.agent();
      const first = await agent.get('/protected');
      const authorize = await agent.get(first.location as string);
      const tx = authorize.headers.getSetCookie().find((c) => c.startsWith('oauth2tx_')) as string;
      expect(attributes(tx).has('secure')).toBe(false);
      expect(attributes(tx).has('httponly')).toBe(true);
    } finally {
      await plain.close();
    }
  });
});

import { canary, useLoopbackServer } from '@oauth2/test-kit';
import { describe, expect, it } from 'vitest';
import { TokenResponseError } from '../src/index.js';
import { createNodeFetch } from '../src/node/index.js';
import { CountingStorage, makeCredentials, tokenBody } from './helpers.js';

const server = useLoopbackServer({ per: 'file' });

describe('a refused token response changes nothing (issue 9)', () => {
  it.each([
    ['S1 an access_token with CR/LF', { access_token: `${canary('ya29.')}\r\nX-Injected: 1` }],
    ['S1 an access_token with a space', { access_token: `${canary('ya29.')} x` }],
    ['S2 a token_type with CR/LF', tokenBody({ token_type: 'Bearer\r\nX-Injected: 1' })],
  ])('%s: TokenResponseError, nothing stored, the old token kept', async (label, body) => {
    const path = `/token-${label.length}-${Math.random()}`;
    server.route('POST', path, { body });
    const storage = new CountingStorage();
    const credentials = makeCredentials(server, {
      tokenUri: server.urlOf(path),
      fetch: createNodeFetch(),
      retry: { maxAttempts: 1 },
    });
    const before = credentials.accessToken;
    await storage.put(credentials);
    credentials.setStore(storage);
    const stored = storage.backend.value;
    const err = await credentials.refresh().catch((e) => e);
    expect(err).toBeInstanceOf(TokenResponseError);
    expect(err.field).toBe(label.startsWith('S2') ? 'token_type' : 'access_token');
    expect(credentials.accessToken).toBe(before);
    expect(storage.puts).toBe(1); // only the initial put
    expect(storage.backend.value).toBe(stored);
    expect(server.count(path)).toBe(1);
  });
});

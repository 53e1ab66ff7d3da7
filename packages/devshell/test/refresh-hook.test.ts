import type { ScopableCredentials } from '@oauth2/core';
import { NotSerializableError } from '@oauth2/core/errors';
import { describe, expect, expectTypeOf, it, vi } from 'vitest';
import { DevshellCredentials } from '../src/devshell-credentials.js';
import { FakeDevshellServer, frame } from './devshell-server.js';

/** Run `body` against a fresh fake devshell server, closed afterwards. */
async function withServer(body: (server: FakeDevshellServer) => Promise<void>): Promise<void> {
  const server = await FakeDevshellServer.start();
  try {
    await body(server);
  } finally {
    await server.close();
  }
}

describe('DevshellCredentials uses core’s one refresh hook (fetchToken)', () => {
  it('the shared devshell exchange stops (socket closed) once every waiter aborted', () =>
    withServer(async (server) => {
      server.script = () => {}; // read the request, never answer
      const credentials = new DevshellCredentials({ port: server.port });
      const controllers = [new AbortController(), new AbortController()];
      const waits = controllers.map((c) => credentials.refresh({ signal: c.signal }));
      await vi.waitFor(() => expect(server.requests).toHaveLength(1), { timeout: 5000 });
      controllers[0]?.abort(new Error('gave up'));
      await expect(waits[0]).rejects.toThrow('gave up');
      expect(server.closed).toEqual([]); // one waiter is left: the exchange goes on
      controllers[1]?.abort(new Error('gave up'));
      await expect(waits[1]).rejects.toThrow('gave up');
      await vi.waitFor(() => expect(server.closed).toEqual([{ byClient: true }]), {
        timeout: 2000,
      });
      expect(credentials.accessToken).toBeNull();
      server.script = (s) => s.end(frame('["a@example.com", "p", "t", 60]'));
      await credentials.refresh(); // starts afresh: nothing is left in flight
      expect([server.connections, credentials.accessToken]).toEqual([2, 't']);
    }));

  it('implements ScopableCredentials (through GoogleCredentials)', () => {
    expectTypeOf<DevshellCredentials>().toExtend<ScopableCredentials>();
    const credentials: ScopableCredentials = new DevshellCredentials({ port: 1 });
    expect(credentials.createScopedRequired()).toBe(false);
    expect(credentials.createScoped('s')).toBe(credentials);
    expect(() => credentials.serializationData).toThrow(NotSerializableError);
  });
});

import { createServer } from 'node:net';
import { assertNoCanary, canary, rejectionOf } from '@oauth2/test-kit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeDevshellServer, frame } from '../test/devshell-server.js';
import { DEFAULT_DEVSHELL_TIMEOUT_MS, requestCredentialInfo } from './devshell-client.js';
import { CommunicationError } from './errors.js';

let server: FakeDevshellServer;
beforeEach(async () => {
  server = await FakeDevshellServer.start();
});
afterEach(async () => {
  await server.close();
});

const failure = (promise: Promise<unknown>) => rejectionOf(promise, CommunicationError);

const until = async (cond: () => boolean) => {
  for (let i = 0; i < 100 && !cond(); i++) await new Promise((r) => setTimeout(r, 10));
};

describe('requestCredentialInfo against a real loopback server (D1, D2)', () => {
  it('sends 2\\n[] and reads the framed answer', async () => {
    const info = await requestCredentialInfo({ port: server.port });
    expect(info).toEqual({
      userEmail: 'joe@example.com',
      projectId: 'fooproj',
      accessToken: 'sometoken',
      expiresIn: 3600,
    });
    expect(server.requests.map((b) => b.toString('latin1'))).toEqual(['2\n[]']);
  });

  it('reads an answer dribbled in small pieces', async () => {
    const bytes = Buffer.from(frame('["a@b.c", "p", "t"]'));
    server.script = (s) => {
      let i = 0;
      const tick = setInterval(() => {
        if (i >= bytes.length) {
          clearInterval(tick);
          return;
        }
        s.write(bytes.subarray(i, i + 2));
        i += 2;
      }, 2);
    };
    expect((await requestCredentialInfo({ port: server.port })).accessToken).toBe('t');
  });

  it('reads only the declared length, then closes the socket itself', async () => {
    const token = canary();
    server.script = (s) =>
      s.write(`${frame(`["a", "p", "${token}"]`)}EXTRA GARBAGE THAT IS NEVER READ`);
    expect((await requestCredentialInfo({ port: server.port })).accessToken).toBe(token);
    await until(() => server.closed.length === 1);
    expect(server.closed).toEqual([{ byClient: true }]);
  });

  it.each([
    ['no newline in the first 6 bytes', '99999999\n[]', 'saw no newline'],
    ['a non-numeric length', 'abc\n[]', 'decimal length'],
    ['a payload that is not a list', frame('{"a": 1}'), 'not a list'],
    ['a non-integer expiry', frame('["a", "b", "c", "soon"]'), 'index 3'],
  ])('gives CommunicationError for %s', async (_label, bytes, message) => {
    server.script = (s) => s.write(bytes); // and stays open: the client must not wait for more
    const err = await failure(requestCredentialInfo({ port: server.port }));
    expect(err.message).toContain(message);
    // Not `timeout`: the client gave up on the bytes it had, not at the 5 s deadline.
    expect(err.code).toBe('devshell_communication');
  });

  it('gives CommunicationError when the server closes mid-body', async () => {
    server.script = (s) => s.end('40\n["joe@example.com"');
    expect((await failure(requestCredentialInfo({ port: server.port }))).message).toContain(
      'closed the connection before a complete answer',
    );
  });

  it('gives up at the total deadline when the server sends half the body and idles, destroying the socket', async () => {
    server.script = (s) => s.write('40\n["joe@example.com", ');
    const started = performance.now();
    const err = await failure(requestCredentialInfo({ port: server.port, timeoutMs: 200 }));
    // It waited for the deadline (a lower bound: load only makes it later); the message shows the
    // configured 200 ms, not the 5 s default, applied.
    expect(performance.now() - started).toBeGreaterThanOrEqual(190);
    expect(err.code).toBe('timeout');
    expect(err.message).toContain('within 200 ms');
    await until(() => server.closed.length === 1);
    expect(server.closed).toEqual([{ byClient: true }]);
    expect(DEFAULT_DEVSHELL_TIMEOUT_MS).toBe(5000);
  });

  it('refuses a connection error as CommunicationError naming the code', async () => {
    const port = server.port;
    await server.close();
    const err = await failure(requestCredentialInfo({ port }));
    expect(err.message).toContain('ECONNREFUSED');
    server = await FakeDevshellServer.start();
  });

  it('dials 127.0.0.1 only (never ::1 or a resolved localhost)', async () => {
    const probe = createServer();
    const v6 = await new Promise<boolean>((resolve) => {
      probe.once('error', () => resolve(false));
      probe.listen(0, '::1', () => resolve(true));
    });
    if (!v6) return; // no IPv6 loopback on this machine: nothing to prove
    const port = (probe.address() as { port: number }).port;
    let connections = 0;
    probe.on('connection', (s) => {
      connections++;
      s.destroy();
    });
    try {
      const err = await failure(requestCredentialInfo({ port }));
      expect(err.message).toContain('ECONNREFUSED');
      expect(connections).toBe(0);
    } finally {
      await new Promise<void>((r) => probe.close(() => r()));
    }
  });

  it('never quotes the answer in errors', async () => {
    const token = canary();
    server.script = (s) => s.end(frame(`{"token": "${token}"}`));
    assertNoCanary(await failure(requestCredentialInfo({ port: server.port })));
  });

  it('honours an abort signal', async () => {
    server.script = () => {};
    const controller = new AbortController();
    const pending = requestCredentialInfo({ port: server.port, signal: controller.signal });
    setTimeout(() => controller.abort(new Error('stop')), 20);
    await expect(pending).rejects.toThrow('stop');
  });
});

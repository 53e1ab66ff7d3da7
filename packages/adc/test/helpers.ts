import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeMetadataServer } from '@oauth2/gce/testing';
import { useResource } from '@oauth2/test-kit';
import type { AdcFileSystem } from '../src/index.js';
import { nodeAdcFileSystem } from '../src/internal/adc-fs.js';

/** A throwaway home directory with an empty `~/.config/gcloud`. */
export interface TempHome {
  home: string;
  gcloudDir: string;
  wellKnown: string;
  /** Write `data` (JSON unless a string) to `name` inside the home; returns the path. */
  write(name: string, data: unknown): Promise<string>;
  cleanup(): Promise<void>;
}

export async function tempHome(): Promise<TempHome> {
  const home = await mkdtemp(join(tmpdir(), 'adc-home-'));
  const gcloudDir = join(home, '.config', 'gcloud');
  await mkdir(gcloudDir, { recursive: true });
  return {
    home,
    gcloudDir,
    wellKnown: join(gcloudDir, 'application_default_credentials.json'),
    async write(name, data) {
      const path = join(home, name);
      await writeFile(path, typeof data === 'string' ? data : JSON.stringify(data, null, 2));
      return path;
    },
    cleanup: () => rm(home, { recursive: true, force: true }),
  };
}

/** A fresh {@link tempHome} for each test of the file, removed after it. */
export const useTempHome = (): TempHome => useResource(tempHome, (home) => home.cleanup());

/** A fake GCE metadata server for each test of the file, closed after it. */
export const useMetadataServer = (): FakeMetadataServer =>
  useResource(
    () => FakeMetadataServer.start(),
    (server) => server.close(),
  );

/** The real file system, counting every call. */
export function countingFs(): AdcFileSystem & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    stat: (p) => {
      calls.push(`stat ${p}`);
      return nodeAdcFileSystem.stat(p);
    },
    lstat: (p) => {
      calls.push(`lstat ${p}`);
      return nodeAdcFileSystem.lstat(p);
    },
    readFile: (p, e) => {
      calls.push(`readFile ${p}`);
      return nodeAdcFileSystem.readFile(p, e);
    },
  };
}

/** A loopback port that refuses connections. */
export async function refusedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A minimal Cloud Shell devshell server: answers every request with one framed payload. */
export async function devshellServer(
  payload: string,
): Promise<{ port: number; connections: () => number; close(): Promise<void> }> {
  let connections = 0;
  const server: Server = createServer((socket) => {
    connections++;
    socket.once('data', () => socket.end(`${Buffer.byteLength(payload)}\n${payload}`));
    socket.on('error', () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as { port: number }).port,
    connections: () => connections,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** An authorized_user ADC file body. */
export function authorizedUser(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    client_id: '123',
    client_secret: 'secret',
    refresh_token: 'alabalaportocala',
    type: 'authorized_user',
    ...extra,
  };
}

// Issue 9 for crypt (IDs H1h, H4g, H5k, H8i): the certs URL must be https or loopback http, a
// service-account key file goes through core's one reader, and a certificate fetch's errors never
// carry the URL's query values, `.cause` chain included.
import { execFileSync } from 'node:child_process';
import { chmod, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InsecureEndpointError } from '@oauth2/core';
import type { FetchLike } from '@oauth2/core/http';
import { assertNoCanary, canary, LoopbackServer, posix, useTempDir } from '@oauth2/test-kit';
import { describe, expect, it } from 'vitest';
import {
  CertCache,
  CertFetchError,
  ServiceAccountCredentials,
  ServiceAccountKeyError,
} from '../src/index.js';

const tmp = useTempDir('oauth2-crypt-hostile-');

describe('H1h the certificates URL carries trust: https or loopback http only', () => {
  it('refuses plain http to a public host unless allowInsecureRequests', () => {
    expect(() => new CertCache({ url: 'http://certs.example.com/v1/certs' })).toThrow(
      InsecureEndpointError,
    );
    expect(
      new CertCache({ url: 'http://certs.example.com/v1/certs', allowInsecureRequests: true }).url,
    ).toBe('http://certs.example.com/v1/certs');
    expect(new CertCache({ url: 'http://127.0.0.1:9/certs' }).url).toBe('http://127.0.0.1:9/certs');
  });
});

describe.runIf(posix)('service-account key files go through the one reader', () => {
  it('H4g a FIFO key file fails fast with ServiceAccountKeyError', async () => {
    const fifo = join(tmp.dir, 'key.json');
    execFileSync('mkfifo', [fifo]);
    const err = await ServiceAccountCredentials.fromJsonKeyfile(fifo).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ServiceAccountKeyError);
    expect((err as Error).message).toContain('not a regular file');
  });

  it('H5k a world-writable key file is refused with the fix', async () => {
    const path = join(tmp.dir, 'key.json');
    await writeFile(path, JSON.stringify({ type: 'service_account', private_key: canary() }));
    await chmod(path, 0o666);
    const err = await ServiceAccountCredentials.fromJsonKeyfile(path).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ServiceAccountKeyError);
    expect((err as Error).message).toContain('chmod 600');
    assertNoCanary(err, 'key file error');
  });
});

describe('H8i certificate fetch errors carry no URL query value', () => {
  it('a server quoting the URL, and a transport quoting it in .cause', async () => {
    const server = await LoopbackServer.start();
    try {
      const url = `${server.urlOf('/certs')}?key=${canary('api-')}`;
      server.route('GET', '/certs', (req) => ({ status: 200, body: `not json ${req.url}` }));
      const garbage = await Promise.resolve(new CertCache({ url }).getKeys()).catch(
        (e: unknown) => e,
      );
      expect(garbage).toBeInstanceOf(CertFetchError);
      assertNoCanary(garbage, 'cert fetch error');
      const quoting: FetchLike = async (input) => {
        throw new Error(`cannot connect to ${String(input)}`);
      };
      const cache = new CertCache({ url, fetch: quoting });
      const failed = await Promise.resolve(cache.getKeys()).catch((e: unknown) => e);
      expect(failed).toBeInstanceOf(CertFetchError);
      expect((failed as Error).cause).toBeDefined();
      assertNoCanary(failed, 'cert transport error');
    } finally {
      await server.close();
    }
  });
});

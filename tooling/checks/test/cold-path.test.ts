import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { useTempDir } from '@oauth2/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../src/workspace.js';

// Issue 10: a process that prints an ADC user token with the README set-up loads nothing it
// does not need. Runs the BUILT packages (turbo builds them before tests) in a child process and
// checks Node's own list of loaded built-ins: undici (the global fetch, whose first touch costs
// 50-150 ms and ~7 MiB) and node:crypto (which jose and key handling need) must not appear.
const CHILD = `
import { getApplicationDefault } from '@oauth2/adc';
import { createNodeFetch } from '@oauth2/core/node';
const credentials = await getApplicationDefault({ fetch: createNodeFetch() });
const token = (await credentials.getAccessToken()).accessToken;
const loaded = process.moduleLoadList.join(' ');
console.log(JSON.stringify({ token, undici: loaded.includes('undici'), crypto: /NativeModule crypto\\b/.test(loaded) }));
`;

describe('the ADC user-token path loads only what it needs (issue 10)', () => {
  const tmp = useTempDir('oauth2-cold-', { per: 'file' });
  let server: http.Server;
  let tokenUri = '';
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      req.resume();
      req.on('end', () =>
        res
          .writeHead(200, { 'content-type': 'application/json' })
          .end('{"access_token":"ya29.cold","expires_in":3599,"token_type":"Bearer"}'),
      );
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    tokenUri = `http://127.0.0.1:${(server.address() as AddressInfo).port}/token`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  it('C1 neither undici nor node:crypto (so no jose) loads with createNodeFetch()', async () => {
    const adc = join(tmp.dir, 'adc.json');
    await writeFile(
      adc,
      JSON.stringify({
        type: 'authorized_user',
        client_id: 'c',
        client_secret: 's',
        refresh_token: 'r',
        token_uri: tokenUri,
      }),
    );
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      GOOGLE_APPLICATION_CREDENTIALS: adc,
      HOME: tmp.dir,
      NO_GCE_CHECK: 'True',
    };
    delete env.NODE_OPTIONS; // vitest's loader hooks must not leak into the child
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--input-type=module', '-e', CHILD],
      { cwd: join(repoRoot, 'bench'), env },
    );
    expect(JSON.parse(stdout)).toEqual({ token: 'ya29.cold', undici: false, crypto: false });
  });
});

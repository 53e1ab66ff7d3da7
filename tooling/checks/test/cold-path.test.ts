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
// 50-150 ms and ~7 MiB), node:crypto (which jose and key handling need), web streams (~7 ms,
// ~2 MiB: the transport hands bodies over without them) and node:fs's streams (an ESM import of
// node:fs loads them; node:fs/promises does not) must not appear.
// C2: the same without a fetch: the library's own requests default to node:http on Node.
const child = (setup: string) => `
import { getApplicationDefault } from '@oauth2/adc';
import { createNodeFetch } from '@oauth2/core/node';
const credentials = await getApplicationDefault(${setup});
const token = (await credentials.getAccessToken()).accessToken;
const loaded = process.moduleLoadList.join(' ');
console.log(JSON.stringify({ token, undici: loaded.includes('undici'), crypto: /NativeModule crypto\\b/.test(loaded),
  webStreams: loaded.includes('webstreams/readablestream'), fsStreams: loaded.includes('internal/fs/streams') }));
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

  async function run(setup: string): Promise<unknown> {
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
      ['--input-type=module', '-e', child(setup)],
      { cwd: join(repoRoot, 'bench'), env },
    );
    return JSON.parse(stdout);
  }
  const LEAN = {
    token: 'ya29.cold',
    undici: false,
    crypto: false,
    webStreams: false,
    fsStreams: false,
  };

  it('C1 neither undici, node:crypto (so no jose) nor web streams load with createNodeFetch()', async () => {
    expect(await run('{ fetch: createNodeFetch() }')).toEqual(LEAN);
  });

  it('C2 nor with the default transport (no fetch given)', async () => {
    expect(await run('')).toEqual(LEAN);
  });
});

import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { fixturePath, useTempDir } from '@oauth2/test-kit';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../src/workspace.js';

// Issue 11: registration is one explicit call with no import-time side effect, so a bundler that
// honours "sideEffects": false and drops every unused module still leaves newFromJson able to
// load each class the user registered (and only those).
const USER_FILE = `
import { readFileSync } from 'node:fs';
import { Credentials, OAuth2Credentials, UnknownCredentialsTypeError } from '@oauth2/core';
import { ServiceAccountCredentials } from '@oauth2/crypt';
import { AppAssertionCredentials } from '@oauth2/gce';

Credentials.register(OAuth2Credentials, ServiceAccountCredentials, AppAssertionCredentials);

// Most specific first: both are OAuth2Credentials too.
const expected = { ServiceAccountCredentials, AppAssertionCredentials, OAuth2Credentials };
const out = {};
for (const [name, path] of Object.entries(JSON.parse(process.argv[2]))) {
  try {
    const c = Credentials.newFromJson(readFileSync(path, 'utf8'));
    out[name] = Object.entries(expected).find(([, cls]) => c instanceof cls)?.[0] ?? 'other';
  } catch (err) {
    out[name] = err instanceof UnknownCredentialsTypeError ? 'unknown' : String(err);
  }
}
console.log(JSON.stringify(out));
`;

const FIXTURES = {
  oauth2: 'v4.1.3-OAuth2Credentials.json',
  serviceAccount: 'v4.1.3-ServiceAccountCredentials-jsonkey.json',
  gce: 'v1.5.2-gce-AppAssertionCredentials.json',
  // Not registered by the user file: must stay unknown.
  accessToken: 'v4.1.3-AccessTokenCredentials.json',
  jwtAccess: 'v4.1.3-JWTAccessCredentials.json',
};

describe('registration survives a tree-shaking bundler (issue 11)', () => {
  const tmp = useTempDir('oauth2-bundle-', { per: 'file' });

  it('R4 an esbuild bundle of a user file finds exactly the classes it registered', async () => {
    const outfile = join(tmp.dir, 'user.mjs');
    const result = await build({
      stdin: { contents: USER_FILE, resolveDir: join(repoRoot, 'tooling/checks'), loader: 'js' },
      bundle: true,
      treeShaking: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      // Bundle the packages from source, as published (each says "sideEffects": false).
      conditions: ['source'],
      outfile,
      metafile: true,
      logLevel: 'silent',
    });
    const bundle = await readFile(outfile, 'utf8');
    // Tree-shaking really ran: core's flows, which the user file never touches, are gone.
    const output = Object.values(result.metafile.outputs)[0];
    const inputs = Object.entries(output?.inputs ?? {})
      .filter(([, v]) => v.bytesInOutput > 0)
      .map(([file]) => file);
    expect(inputs.some((f) => f.includes('core/src/web-server-flow.ts'))).toBe(false);
    expect(bundle).not.toContain('class OAuth2WebServerFlow');
    expect(inputs.some((f) => f.includes('core/src/oauth2-credentials.ts'))).toBe(true);

    const paths = Object.fromEntries(Object.entries(FIXTURES).map(([k, f]) => [k, fixturePath(f)]));
    const { stdout } = await promisify(execFile)(process.execPath, [
      outfile,
      JSON.stringify(paths),
    ]);
    expect(JSON.parse(stdout)).toEqual({
      oauth2: 'OAuth2Credentials',
      serviceAccount: 'ServiceAccountCredentials',
      gce: 'AppAssertionCredentials',
      accessToken: 'unknown',
      jwtAccess: 'unknown',
    });
  });
});

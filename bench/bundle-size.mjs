// Bundle size of a "refresh a token and verify an ID token" script, as a user would ship it
// (esbuild, bundled, minified, ESM for Node; gzip -9), @oauth2 next to google-auth-library.
// Bundles the packages from their BUILT dist (for p in core crypt; do (cd packages/$p && pnpm run build); done):
//   node bench/bundle-size.mjs

import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const TARGET_KB = 30;

const SCRIPTS = [
  {
    name: '@oauth2/core + @oauth2/crypt (default transport)',
    ours: true,
    code: `
import { OAuth2Credentials } from '@oauth2/core';
import { verifyIdToken } from '@oauth2/crypt';
const credentials = new OAuth2Credentials({
  clientId: process.env.CLIENT_ID, clientSecret: process.env.CLIENT_SECRET,
  refreshToken: process.env.REFRESH_TOKEN, tokenUri: process.env.TOKEN_URI,
});
const { accessToken } = await credentials.getAccessToken();
const payload = await verifyIdToken(process.env.ID_TOKEN, process.env.CLIENT_ID);
console.log(accessToken, payload.sub);`,
  },
  {
    name: '@oauth2/core + @oauth2/crypt + createNodeFetch()',
    code: `
import { OAuth2Credentials } from '@oauth2/core';
import { createNodeFetch } from '@oauth2/core/node';
import { verifyIdToken } from '@oauth2/crypt';
const fetch = createNodeFetch();
const credentials = new OAuth2Credentials({
  clientId: process.env.CLIENT_ID, clientSecret: process.env.CLIENT_SECRET,
  refreshToken: process.env.REFRESH_TOKEN, tokenUri: process.env.TOKEN_URI, fetch,
});
const { accessToken } = await credentials.getAccessToken();
const payload = await verifyIdToken(process.env.ID_TOKEN, process.env.CLIENT_ID, { fetch });
console.log(accessToken, payload.sub);`,
  },
  {
    name: 'google-auth-library 11.3.4 OAuth2Client',
    code: `
import { OAuth2Client } from 'google-auth-library';
const client = new OAuth2Client({ clientId: process.env.CLIENT_ID, clientSecret: process.env.CLIENT_SECRET });
client.setCredentials({ refresh_token: process.env.REFRESH_TOKEN });
const { token } = await client.getAccessToken();
const ticket = await client.verifyIdToken({ idToken: process.env.ID_TOKEN, audience: process.env.CLIENT_ID });
console.log(token, ticket.getPayload().sub);`,
  },
];

console.log(`esbuild, bundle + minify, format esm, platform node, target node20; gzip level 9.\n`);
console.log('| script | minified | gzip -9 | target | met |');
console.log('| --- | ---: | ---: | ---: | :---: |');
for (const s of SCRIPTS) {
  const result = await build({
    stdin: { contents: s.code, resolveDir: here, loader: 'js' },
    bundle: true,
    minify: true,
    treeShaking: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    write: false,
    logLevel: 'error',
  });
  const bytes = result.outputFiles[0].contents;
  const gz = gzipSync(bytes, { level: 9 }).length;
  const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
  const met = s.ours ? (gz / 1024 <= TARGET_KB ? 'yes' : '**no**') : '';
  console.log(
    `| ${s.name} | ${kb(bytes.length)} | ${kb(gz)} | ${s.ours ? `≤ ${TARGET_KB} KB` : ''} | ${met} |`,
  );
}

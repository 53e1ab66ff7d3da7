import { oauth2VitestConfig } from '@oauth2/vitest-config';

// One PostgreSQL server for the files that do not restart it (test/global-setup.ts).
const config = oauth2VitestConfig({ globalSetup: ['test/global-setup.ts'] });
// vitest hands ssr.resolve.conditions to the worker as `node --conditions`, which applies to
// require() too: with `import` there, pg's require('pg-pool') gets pg-pool's ESM build and
// fails. Vite adds import/require per request by itself, so they are left out here.
if (config.ssr?.resolve) config.ssr.resolve.conditions = ['source', 'node', 'default'];
export default config;

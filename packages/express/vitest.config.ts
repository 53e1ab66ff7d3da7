import { oauth2VitestConfig } from '@oauth2/vitest-config';

const config = oauth2VitestConfig();
// vitest hands these conditions to Node as --conditions; with "import" among them, require() of a
// dual package (express 5's router -> is-promise) loads its ESM build and breaks. ESM imports get
// "import" from the resolvers anyway.
const conditions = ['source', 'node', 'module', 'default'];
if (config.resolve) config.resolve.conditions = conditions;
if (config.ssr?.resolve) config.ssr.resolve.conditions = conditions;

export default config;

// Shared vitest configuration for every workspace package.
// Plain JS on purpose: vitest loads config files through Node, which cannot import .ts on Node 20.
import { defineConfig } from 'vitest/config';

const conditions = ['source', 'node', 'import', 'module', 'default'];

/**
 * Build a package's vitest config. Workspace packages resolve to their `src/` through the
 * `source` export condition, so tests never need a build of their dependencies' TypeScript.
 * Each run writes `.test-results/vitest.json`, which `scripts/summary.mjs` adds up.
 * @param {import('vitest/config').UserConfig['test']} [test]
 */
export function oauth2VitestConfig(test = {}) {
  return defineConfig({
    resolve: { conditions },
    ssr: { resolve: { conditions, externalConditions: ['source'] } },
    test: {
      include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
      environment: 'node',
      testTimeout: 20_000,
      hookTimeout: 30_000,
      reporters: ['default', 'json'],
      outputFile: { json: '.test-results/vitest.json' },
      ...test,
    },
  });
}

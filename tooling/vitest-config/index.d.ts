import type { UserConfig } from 'vitest/config';

/** Build a package's vitest config (see index.js). */
export function oauth2VitestConfig(test?: UserConfig['test']): UserConfig;

import { oauth2VitestConfig } from '@oauth2/vitest-config';

// Packing and installing every package takes a while on 2 cores.
export default oauth2VitestConfig({ testTimeout: 300_000, hookTimeout: 300_000 });

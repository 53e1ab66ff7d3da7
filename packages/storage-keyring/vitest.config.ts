import { oauth2VitestConfig } from '@oauth2/vitest-config';

// One file at a time: should gnome-keyring crash during the concurrent-writer test (see
// keyring-storage.test.ts), only that test sees it; the contract suite is never mid-call.
export default oauth2VitestConfig({ fileParallelism: false });

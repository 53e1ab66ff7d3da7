// Loads one shared credential from a multistore and calls getAccessToken() `calls` times at once,
// when the parent says go (adversarial M3). Imports the BUILT packages.
import { getCredentialStorageCustomStringKey } from '@oauth2/storage-multistore';
import { stampedeOnGo } from '@oauth2/test-kit/workers';

// If the test runner dies, do not linger.
process.on('disconnect', () => process.exit(1));

const [path, key, calls] = process.argv.slice(2);
await stampedeOnGo(await getCredentialStorageCustomStringKey(path, key).get(), calls);

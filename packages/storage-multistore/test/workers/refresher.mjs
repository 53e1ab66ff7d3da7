// One "process" sharing a multistore entry: loads it with a clock `offsetMs` off the real one, then
// runs what the parent asks (adversarial R9). Imports the BUILT packages.
import { getCredentialStorageCustomStringKey } from '@oauth2/storage-multistore';
import { offsetClock, serveRefresher } from '@oauth2/test-kit/workers';

// If the test runner dies, do not linger.
process.on('disconnect', () => process.exit(1));

const [path, key, offsetMs] = process.argv.slice(2);
const clock = offsetClock(Number(offsetMs));
const storage = getCredentialStorageCustomStringKey(path, key, { credentialsOptions: { clock } });
serveRefresher(await storage.get());

// One "process" sharing a credential file: loads it with a clock `offsetMs` off the real one, then
// runs what the parent asks (adversarial R8, R10). Imports the BUILT packages.
import { FileStorage } from '@oauth2/storage-file';
import { offsetClock, serveRefresher } from '@oauth2/test-kit/workers';

// If the test runner dies, do not linger.
process.on('disconnect', () => process.exit(1));

const [path, offsetMs] = process.argv.slice(2);
const clock = offsetClock(Number(offsetMs));
serveRefresher(await new FileStorage(path, { credentialsOptions: { clock } }).get());

// One "process" sharing a multistore entry: loads it with a clock `offsetMs` off the real one, then
// runs what the parent asks (adversarial R9). Imports the BUILT packages.
import { getCredentialStorageCustomStringKey } from '@oauth2/storage-multistore';

// If the test runner dies, do not linger.
process.on('disconnect', () => process.exit(1));

const [path, key, offsetMs] = process.argv.slice(2);
const offset = Number(offsetMs);
const clock = {
  now: () => Date.now() + offset,
  sleep: (ms, signal) =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(resolve, ms);
      signal?.addEventListener('abort', () => {
        clearTimeout(timer);
        reject(signal.reason);
      });
    }),
};
const credentials = await getCredentialStorageCustomStringKey(path, key, {
  credentialsOptions: { clock },
}).get();

async function run(op) {
  try {
    if (op === 'refresh') await credentials.refresh();
    else await credentials.getAccessToken();
    return 'ok';
  } catch (err) {
    return `error:${err?.code ?? err}`;
  }
}

process.on('message', async (msg) => {
  const results = [];
  if (msg.op === 'loop') {
    for (let i = 0; i < msg.rounds; i++) {
      results.push(await run(Math.random() < 0.5 ? 'refresh' : 'get'));
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 10));
    }
  } else {
    results.push(await run(msg.op));
  }
  process.send({ results, invalid: credentials.invalid });
});
process.send({ ready: true });

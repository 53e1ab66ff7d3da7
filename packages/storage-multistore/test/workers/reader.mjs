// Reads the multistore file in a tight loop WITHOUT the lock, as a foreign reader would, and
// counts JSON parse failures: with atomic renames there must be none (adversarial M1).
import { readFile } from 'node:fs/promises';

// If the test runner dies, do not linger.
process.on('disconnect', () => process.exit(1));

const [path] = process.argv.slice(2);
let stop = false;
process.on('message', () => {
  stop = true;
});
let reads = 0;
let failures = 0;
let missing = 0;
while (!stop) {
  let text;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if (err.code !== 'ENOENT') throw err;
    missing++;
    await new Promise((r) => setTimeout(r, 1));
    continue;
  }
  reads++;
  try {
    const data = JSON.parse(text);
    if (data.file_version !== 1 || !Array.isArray(data.data)) failures++;
  } catch {
    failures++;
  }
}
process.send({ reads, failures, missing }, () => process.exit(0));

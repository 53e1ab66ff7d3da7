import { mkdtempSync } from 'node:fs';
import { open, readFile, rename } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AccessTokenCredentials } from '@oauth2/core';
import lockfile from 'proper-lockfile';
const LOCK = { realpath: false, stale: 10_000, retries: { retries: 1000, minTimeout: 20, maxTimeout: 250, factor: 1.3, randomize: true } };
async function barePut(path, key, value) {
  const release = await lockfile.lock(path, LOCK);
  try {
    let data = {};
    try { data = JSON.parse(await readFile(path, 'utf8')); } catch (err) { if (err.code !== 'ENOENT') throw err; }
    data[key] = value;
    const temp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
    const handle = await open(temp, 'wx', 0o600);
    await handle.writeFile(JSON.stringify(data)); await handle.sync(); await handle.close();
    await rename(temp, path);
  } finally { await release(); }
}
const dir = mkdtempSync(join(tmpdir(), 'p-'));
const entry = (key) => new AccessTokenCredentials({ accessToken: `${key}-${'x'.repeat(64)}` });
let t = performance.now();
for (let i = 0; i < 800; i++) { await barePut(join(dir,'b.json'), `k${i}`, JSON.parse(entry(`k${i}`).toJson())); if (i % 200 === 199) { console.log(i+1, ((performance.now()-t)/200).toFixed(2), 'ms/put'); t = performance.now(); } }

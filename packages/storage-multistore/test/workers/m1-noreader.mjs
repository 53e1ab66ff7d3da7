import { fork } from 'node:child_process';
import { mkdtempSync } from 'node:fs';

// If the test runner dies, do not linger.
process.on('disconnect', () => process.exit(1));
const dir = mkdtempSync('/tmp/m1-');
const withReader = process.argv[2] === 'reader';
const t = Date.now();
const reader = withReader
  ? fork('./reader.mjs', [dir + '/s.json'], {
      execArgv: [],
      env: { ...process.env, NODE_EXTRA_CA_CERTS: '' },
    })
  : undefined;
const ws = Array.from({ length: 16 }, (_, w) =>
  fork('./put-many.mjs', [dir + '/s.json', String(w), '50', '60000'], {
    execArgv: [],
    env: { ...process.env, NODE_EXTRA_CA_CERTS: '' },
  }),
);
const r = await Promise.all(ws.map((w) => new Promise((res) => w.once('message', res))));
console.log('writers done', Date.now() - t, 'ms; worst', Math.max(...r.map((x) => x.worstMs)));
if (reader) {
  reader.send('stop');
  console.log(await new Promise((res) => reader.once('message', res)));
}

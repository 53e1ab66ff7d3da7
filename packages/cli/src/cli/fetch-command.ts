import { readFile } from 'node:fs/promises';
import { COMMON_HELP, commonFlags, list, parseOrHelp, str } from './args.js';
import { readConfig, resolveTarget } from './config.js';
import { loadCredential } from './credential.js';
import { EXIT, type Io, note, printJson, UsageError } from './io.js';
import { nodeFetch } from './node-fetch.js';

export const help = `Usage: oauth2 fetch URL [-X METHOD] [-H 'Name: value']... [-d BODY | -d @FILE] [options]

Send a request with the account's access token (a 401 refreshes once and replays). The response
body goes to stdout; the status decides the exit code: 2xx/3xx 0, 401 4, 5xx 5, other 1.

Options:
  -X, --request METHOD  the method (default GET, or POST with -d)
  -H, --header 'K: V'   a request header (repeatable)
  -d, --data BODY       the request body; @FILE reads a file, @- reads stdin

${COMMON_HELP}
`;

export async function run(argv: string[], io: Io): Promise<number> {
  const args = parseOrHelp(
    argv,
    io,
    help,
    {
      request: { type: 'string', short: 'X' },
      header: { type: 'string', short: 'H', multiple: true },
      data: { type: 'string', short: 'd' },
    },
    { positionals: 1 },
  );
  if (!args) return EXIT.ok;
  const url = args.positionals[0];
  if (!url) throw new UsageError('fetch needs a URL.');
  try {
    new URL(url);
  } catch {
    throw new UsageError('The URL is not valid (include the scheme, e.g. https://).');
  }
  const headers = new Headers();
  for (const h of list(args, 'header')) {
    const colon = h.indexOf(':');
    if (colon <= 0) throw new UsageError(`-H takes 'Name: value', not "${h}".`);
    headers.append(h.slice(0, colon).trim(), h.slice(colon + 1).trim());
  }
  const data = str(args, 'data');
  let body: Uint8Array | string | undefined = data;
  if (data?.startsWith('@')) body = await readData(data.slice(1), io);
  const method = (str(args, 'request') ?? (body === undefined ? 'GET' : 'POST')).toUpperCase();
  const target = resolveTarget(commonFlags(args), io.env, await readConfig(io.env));
  const { credentials } = await loadCredential(target, io);
  const res = await credentials.authorize(nodeFetch)(url, {
    method,
    headers,
    ...(body !== undefined && { body }),
    signal: io.signal,
  });
  const bytes = new Uint8Array(await res.arrayBuffer());
  if (args.values.json) {
    printJson(io, {
      status: res.status,
      headers: Object.fromEntries(res.headers),
      body: new TextDecoder().decode(bytes),
    });
  } else {
    io.stdout.write(bytes);
  }
  if (res.status >= 400) note(io, `HTTP ${res.status}`, 'red');
  if (res.status < 400) return EXIT.ok;
  if (res.status === 401) return EXIT.loginNeeded;
  if (res.status >= 500) return EXIT.unavailable;
  return EXIT.failure;
}

async function readData(source: string, io: Io): Promise<Uint8Array> {
  if (source === '-') {
    const chunks: Buffer[] = [];
    for await (const chunk of io.stdin) chunks.push(Buffer.from(chunk as Uint8Array));
    return Buffer.concat(chunks);
  }
  try {
    return await readFile(source);
  } catch (err) {
    throw new UsageError(
      `Cannot read ${source} (${(err as NodeJS.ErrnoException).code ?? 'error'}).`,
    );
  }
}

import { randomBytes } from 'node:crypto';
import {
  closeSync,
  fsyncSync,
  lstatSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmdirSync,
  unlinkSync,
  utimesSync,
  writeSync,
} from 'node:fs';
import { request } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { dirname, join } from 'node:path';
import { type FastToken, tokenIfFresh } from './fast-token.js';

/**
 * The refresh half of `print-access-token`'s fast path, for a file store, without core: take
 * the store's cross-process lock, re-read (another process may have refreshed: adopt its token),
 * else post the refresh grant once over `node:http` and write the credential back atomically
 * (0600, temp + fsync + rename + directory fsync), then release the lock. Loading core, its
 * stores and proper-lockfile costs ~0.5 s per process here (bench/cli.mjs); this costs a request.
 *
 * The lock is proper-lockfile's protocol, which `FileStorage` uses on the same file: a
 * `<file>.lock` directory made with mkdir, its mtime refreshed every 5 s while held, taken over
 * when not refreshed for 10 s. Anything unexpected (a lock busy past the wait, an error
 * answer, a body that is not a token response, a symlink) returns `undefined` and the caller
 * runs the full path, which reports it with core's typed errors (and retries with back-off). A
 * refresh that succeeded but could not be written is an error, never a second refresh.
 */
export async function leanRefresh(
  path: string,
  nowMs: () => number,
): Promise<FastToken | undefined> {
  const lock = `${path}.lock`;
  if (!(await acquire(lock, nowMs))) return undefined;
  const keepAlive = setInterval(() => touch(lock), 5_000);
  keepAlive.unref();
  try {
    const info = lstatSync(path);
    if (!info.isFile() || info.size > 256 * 1024) return undefined;
    const text = readFileSync(path, 'utf8');
    const data = JSON.parse(text) as Record<string, unknown>;
    const adopted = tokenIfFresh(data, nowMs());
    if (adopted) return adopted;
    const body = await postRefresh(data);
    if (!body) return undefined;
    const receivedAt = nowMs();
    applyTokenResponse(data, body, receivedAt);
    writeAtomic(path, pythonJson(data));
    return (
      tokenIfFresh(data, receivedAt) ?? {
        accessToken: data.access_token as string,
        expiresIn: null,
      }
    );
  } catch {
    return undefined;
  } finally {
    clearInterval(keepAlive);
    try {
      rmdirSync(lock);
    } catch {
      // Already gone (taken over as stale): nothing to release.
    }
  }
}

async function acquire(lock: string, nowMs: () => number): Promise<boolean> {
  const deadline = nowMs() + 30_000;
  let delay = 20;
  for (;;) {
    try {
      mkdirSync(lock);
      return true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') return false;
    }
    try {
      if (nowMs() - lstatSync(lock).mtimeMs > 10_000) {
        rmdirSync(lock); // stale: its holder died (proper-lockfile's rule)
        continue;
      }
    } catch {
      continue; // released meanwhile
    }
    if (nowMs() >= deadline) return false;
    await new Promise((r) => setTimeout(r, delay * (0.5 + Math.random())));
    delay = Math.min(250, delay * 1.3);
  }
}

function touch(lock: string): void {
  try {
    const now = new Date();
    utimesSync(lock, now, now);
  } catch {
    // Lost; the write below still happens under our own process's lock window.
  }
}

/** POST the refresh grant (spec §2.1); the parsed 200 body with an access token, else undefined. */
function postRefresh(data: Record<string, unknown>): Promise<Record<string, unknown> | undefined> {
  const tokenUri = data.token_uri;
  if (typeof tokenUri !== 'string' || typeof data.refresh_token !== 'string')
    return Promise.resolve(undefined);
  const form = new URLSearchParams({ grant_type: 'refresh_token' });
  if (typeof data.client_id === 'string') form.set('client_id', data.client_id);
  if (typeof data.client_secret === 'string') form.set('client_secret', data.client_secret);
  form.set('refresh_token', data.refresh_token);
  const payload = form.toString();
  const url = new URL(tokenUri);
  const send =
    url.protocol === 'https:' ? httpsRequest : url.protocol === 'http:' ? request : undefined;
  if (!send) return Promise.resolve(undefined);
  const headers: Record<string, string | number> = {
    'content-type': 'application/x-www-form-urlencoded',
    'content-length': Buffer.byteLength(payload),
  };
  if (typeof data.user_agent === 'string') headers['user-agent'] = data.user_agent;
  return new Promise((resolve) => {
    const req = send(url, { method: 'POST', headers, timeout: 10_000 }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        size += c.length;
        if (size > 1024 * 1024) req.destroy();
        else chunks.push(c);
      });
      res.on('error', () => resolve(undefined));
      res.on('end', () => {
        if (res.statusCode !== 200) return resolve(undefined);
        try {
          const value = JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
          const ok =
            typeof value === 'object' &&
            value !== null &&
            typeof (value as { access_token?: unknown }).access_token === 'string' &&
            (value as { access_token: string }).access_token !== '';
          resolve(ok ? (value as Record<string, unknown>) : undefined);
        } catch {
          resolve(undefined);
        }
      });
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(undefined));
    req.end(payload);
  });
}

/** What `OAuth2Credentials.applyTokenResponse` does to the stored fields. */
function applyTokenResponse(
  data: Record<string, unknown>,
  body: Record<string, unknown>,
  receivedAt: number,
): void {
  const expiresIn = Number(body.expires_in);
  let idToken: unknown = data.id_token ?? null;
  let idTokenJwt: unknown = null;
  if (typeof body.id_token === 'string') {
    const payload = body.id_token.split('.')[1];
    if (payload === undefined) throw new Error('malformed id_token');
    idToken = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    idTokenJwt = body.id_token;
  } else {
    idToken = null;
  }
  data.access_token = body.access_token;
  if (typeof body.refresh_token === 'string') data.refresh_token = body.refresh_token;
  data.token_response = body;
  data.token_expiry =
    body.expires_in !== undefined && Number.isFinite(expiresIn) && expiresIn > 0
      ? new Date(receivedAt + expiresIn * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z')
      : null;
  data.id_token = idToken;
  if ('id_token_jwt' in data || idTokenJwt !== null) data.id_token_jwt = idTokenJwt;
  data.invalid = false;
}

function writeAtomic(path: string, text: string): void {
  const temp = join(dirname(path), `.${randomBytes(6).toString('hex')}.tmp`);
  const fd = openSync(temp, 'wx', 0o600);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    renameSync(temp, path);
  } catch (err) {
    unlinkSync(temp);
    throw err;
  }
  const dir = openSync(dirname(path), 'r');
  try {
    fsyncSync(dir);
  } finally {
    closeSync(dir);
  }
}

/** Python's `json.dumps` layout (`, ` and `: `, non-ASCII escaped), as oauth2client writes it. */
function pythonJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(pythonJson).join(', ')}]`;
  if (typeof value === 'object' && value !== null) {
    return `{${Object.entries(value)
      .map(([k, v]) => `${ascii(JSON.stringify(k))}: ${pythonJson(v)}`)
      .join(', ')}}`;
  }
  return typeof value === 'string' ? ascii(JSON.stringify(value)) : JSON.stringify(value ?? null);
}

function ascii(json: string): string {
  return json.replace(/[\u007f-\uffff]/g, (c) =>
    c === '\u007f' ? c : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

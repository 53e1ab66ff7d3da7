import type { OAuth2Credentials, Storage } from '@oauth2/core';
import { OAuth2WebServerFlow } from '@oauth2/core';
import { LoginTimeoutError } from '../errors.js';
import { runFlow, storeSignedIn } from '../flow/run-flow.js';
import { openBrowser } from '../internal/open-browser.js';
import { showWaitNotice } from '../internal/wait-notice.js';
import { bool, COMMON_HELP, commonFlags, list, parseOrHelp, str } from './args.js';
import { loadClient } from './client.js';
import { configPath, readConfig, resolveTarget, type Target, writeConfig } from './config.js';
import { EXIT, type Io, note, printJson, UsageError } from './io.js';
import { nodeFetch } from './node-fetch.js';
import { openStore } from './open-store.js';
import { defaultScopes, providerFor } from './provider.js';
import { type StoreLocation, storeLocation } from './store-location.js';

export const help = `Usage: oauth2 login [options]

Sign in and store the credential. By default: the browser, redirected back to a one-shot server
on 127.0.0.1 (PKCE S256, state, nonce). The URL is printed too.

Options:
  --client-secrets FILE     an "installed" client_secrets.json (env OAUTH2_CLIENT_SECRETS)
  --client-id ID            the client id (env OAUTH2_CLIENT_ID)
  --client-secret-file FILE the client secret, read from a file (or env OAUTH2_CLIENT_SECRET;
                            never on the command line)
  --issuer URL              any OpenID provider, by discovery (default: Google; env OAUTH2_ISSUER)
  --scope SCOPE             scopes, repeatable or space-separated (env OAUTH2_SCOPE)
  --no-browser              print the URL and paste the final redirected URL (SSH sessions)
  --device                  the device flow (RFC 8628): a code to enter on another device
  --qr                      with --device, also draw a QR code of the verification URL
  --timeout SECONDS         give up after this long (default 300)
  --port PORT               loopback port (repeatable: tried in order; default: any free port)

${COMMON_HELP}
`;

export async function run(argv: string[], io: Io): Promise<number> {
  const args = parseOrHelp(argv, io, help, {
    'client-secrets': { type: 'string' },
    'client-id': { type: 'string' },
    'client-secret-file': { type: 'string' },
    issuer: { type: 'string' },
    scope: { type: 'string', multiple: true },
    'no-browser': { type: 'boolean' },
    device: { type: 'boolean' },
    qr: { type: 'boolean' },
    timeout: { type: 'string' },
    port: { type: 'string', multiple: true },
  });
  if (!args) return EXIT.ok;
  const timeoutMs = parseTimeout(str(args, 'timeout'));
  const ports = list(args, 'port').map(parsePort);
  const config = await readConfig(io.env);
  const target = resolveTarget(commonFlags(args), io.env, config);
  const issuer = str(args, 'issuer') ?? io.env.OAUTH2_ISSUER ?? target.profile.issuer;
  const client = await loadClient(args, io.env, target.profile);
  const location = storeLocation(target.store, target.account, target.storePath, io.env);
  const storage = await openStore(location);
  await checkStore(storage, location, io);

  const endpoints = await providerFor(issuer, io.signal);
  const scopeArgs = list(args, 'scope');
  const envScope = io.env.OAUTH2_SCOPE;
  const profileScope = target.profile.scope;
  const scopes = (
    scopeArgs.length
      ? scopeArgs
      : envScope
        ? [envScope]
        : profileScope
          ? [profileScope].flat()
          : defaultScopes(endpoints)
  ).flatMap((s) => s.split(/\s+/).filter(Boolean));
  const flow = new OAuth2WebServerFlow({
    clientId: client.clientId,
    clientSecret: client.clientSecret,
    scope: scopes,
    authUri: issuer ? endpoints.authUri : (client.authUri ?? endpoints.authUri),
    tokenUri: issuer ? endpoints.tokenUri : (client.tokenUri ?? endpoints.tokenUri),
    revokeUri: issuer ? endpoints.revokeUri : (client.revokeUri ?? endpoints.revokeUri),
    ...(endpoints.deviceUri !== undefined && { deviceUri: endpoints.deviceUri }),
    ...(endpoints.tokenInfoUri !== undefined && { tokenInfoUri: endpoints.tokenInfoUri }),
    userAgent: 'oauth2-cli',
    fetch: nodeFetch,
  });

  let credentials: OAuth2Credentials;
  if (bool(args, 'device')) {
    if (issuer && !endpoints.deviceUri) {
      throw new UsageError(
        `The provider ${issuer} has no device authorization endpoint; log in without --device.`,
      );
    }
    credentials = await deviceLogin(flow, storage, io, timeoutMs, bool(args, 'qr'));
  } else {
    if (bool(args, 'qr')) throw new UsageError('--qr goes with --device.');
    const noBrowser = bool(args, 'no-browser');
    credentials = await runFlow(flow, storage, {
      noauthLocalWebserver: noBrowser,
      openBrowser: noBrowser ? false : (url) => openBrowser(url, io.env),
      timeoutMs,
      signal: io.signal,
      output: io.stderr,
      input: io.stdin,
      ...(ports.length > 0 && { authHostPort: ports }),
    });
  }
  await remember(
    io,
    target,
    location,
    issuer,
    args.values.store !== undefined || io.env.OAUTH2_STORE !== undefined,
  );

  const who = credentials.idToken?.email ?? credentials.idToken?.sub;
  note(
    io,
    `Signed in${typeof who === 'string' ? ` as ${who}` : ''}. Stored in ${location.description}.`,
    'green',
  );
  if (args.values.json) {
    printJson(io, {
      account: target.account,
      store: location.description,
      subject: credentials.idToken?.sub ?? null,
      email: credentials.idToken?.email ?? null,
      scopes: [...credentials.scopes],
      expiry: credentials.tokenExpiry?.toISOString() ?? null,
      refreshToken: credentials.refreshToken !== null,
    });
  }
  return EXIT.ok;
}

/** A keyring that does not answer stops the login with what to do instead; never a silent file. */
async function checkStore(storage: Storage, location: StoreLocation, io: Io): Promise<void> {
  try {
    await storage.get();
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    if (code === 'keyring_unavailable') {
      throw Object.assign(
        new Error(
          `No keyring (Secret Service) answered, so the credential cannot be stored in ${location.description}. ` +
            `Choose a file store instead: 'oauth2 login --store file' (a 0600 file under ~/.config/oauth2/; the choice is remembered in ${configPath(io.env)}).`,
        ),
        { code },
      );
    }
    if (code === 'credentials_corrupt') return; // the login replaces it (the file store keeps a copy)
    throw err;
  }
}

async function deviceLogin(
  flow: OAuth2WebServerFlow,
  storage: Storage,
  io: Io,
  timeoutMs: number,
  qr: boolean,
): Promise<OAuth2Credentials> {
  const info = await flow.step1GetDeviceAndUserCodes({ signal: io.signal });
  // instructions() escapes the server's values itself.
  io.stderr.write(`${info.instructions()}\n`);
  if (qr) {
    const target = info.verificationUrlComplete ?? info.verificationUrl;
    const { default: qrcode } = await import('qrcode-terminal');
    await new Promise<void>((resolve) =>
      qrcode.generate(target, { small: true }, (code: string) => {
        io.stderr.write(`${code}\n`);
        resolve();
      }),
    );
  }
  const expiresIn = info.userCodeExpiry ? info.userCodeExpiry.getTime() - Date.now() : timeoutMs;
  const waitMs = Math.min(timeoutMs, Math.max(0, expiresIn));
  const stop = showWaitNotice(io.stderr, 'approval on the other device', waitMs);
  let credentials: OAuth2Credentials;
  const timeout = AbortSignal.timeout(timeoutMs);
  try {
    credentials = await flow.waitForDeviceAuthorization(info, {
      signal: AbortSignal.any([io.signal, timeout]),
    });
  } catch (err) {
    if (timeout.aborted && !io.signal.aborted) {
      throw new LoginTimeoutError(
        'The device was not approved in time; nothing was stored. Run the login again.',
      );
    }
    throw err;
  } finally {
    stop();
  }
  return storeSignedIn(storage, credentials);
}

async function remember(
  io: Io,
  target: Target,
  location: StoreLocation,
  issuer: string | undefined,
  storeChosen: boolean,
): Promise<void> {
  const config = await readConfig(io.env);
  const record = {
    store: location.kind,
    ...(target.storePath !== undefined &&
      location.path !== undefined && { storePath: location.path }),
    ...(issuer !== undefined && { issuer: issuer.replace(/\/+$/, '') }),
  };
  config.accounts = { ...config.accounts, [target.account]: record };
  if (storeChosen) {
    const profile = target.profileName ? config.profiles?.[target.profileName] : config;
    if (profile) profile.store = location.kind;
  }
  await writeConfig(io.env, config);
}

export function parseTimeout(value: string | undefined): number {
  if (value === undefined) return 300_000;
  const m = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(value);
  if (!m) throw new UsageError('--timeout takes seconds (e.g. 120, 90s, 5m).');
  const n = Number(m[1]);
  const ms = m[2] === 'ms' ? n : m[2] === 'm' ? n * 60_000 : n * 1000;
  if (ms <= 0) throw new UsageError('--timeout must be positive.');
  return ms;
}

function parsePort(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new UsageError(`--port ${value} is not a port number.`);
  return n;
}

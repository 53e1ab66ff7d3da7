import { mkdir, rm } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { COMMON_HELP, parseOrHelp } from './args.js';
import { EXIT, type Io, note, printJson, UsageError } from './io.js';
import { nodeFetch } from './node-fetch.js';

export const help = `Usage: oauth2 adc <login|print-access-token|revoke|explain> [options]

Application Default Credentials, as gcloud and Google's libraries find them.
  login                 sign in (as 'oauth2 login', Google) and write the gcloud well-known file
                        (~/.config/gcloud/application_default_credentials.json, 0600)
  print-access-token    a token from whatever ADC finds (GOOGLE_APPLICATION_CREDENTIALS, the
                        well-known file, Cloud Shell, Compute Engine)
  revoke                revoke the well-known file's grant and delete the file
  explain               every source ADC tried, why, and what it found (no secrets)

'adc login' takes the client options of 'oauth2 login' (--client-secrets, --client-id...).

${COMMON_HELP}
`;

/** The gcloud well-known file: `$CLOUDSDK_CONFIG` or `~/.config/gcloud`. */
function wellKnownFile(env: NodeJS.ProcessEnv): string {
  const dir = env.CLOUDSDK_CONFIG || join(env.HOME || homedir(), '.config', 'gcloud');
  return join(dir, 'application_default_credentials.json');
}

export async function run(argv: string[], io: Io): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === undefined || sub === '--help' || sub === '-h') {
    io.stdout.write(help);
    return sub === undefined ? EXIT.usage : EXIT.ok;
  }
  switch (sub) {
    case 'login':
      return login(rest, io);
    case 'print-access-token':
    case 'token':
      return printToken(rest, io);
    case 'revoke':
      return revoke(rest, io);
    case 'explain':
      return explain(rest, io);
    default:
      throw new UsageError(
        `Unknown adc command "${sub}": login, print-access-token, revoke or explain.`,
      );
  }
}

async function login(argv: string[], io: Io): Promise<number> {
  const args = parseOrHelp(argv, io, help, {
    'client-secrets': { type: 'string' },
    'client-id': { type: 'string' },
    'client-secret-file': { type: 'string' },
    scope: { type: 'string', multiple: true },
    'no-browser': { type: 'boolean' },
    timeout: { type: 'string' },
  });
  if (!args) return EXIT.ok;
  const [
    { MemoryStorage, OAuth2WebServerFlow },
    { AuthorizedUserCredentials, saveToWellKnownFile },
  ] = await Promise.all([import('@oauth2/core'), import('@oauth2/adc')]);
  const { loadClient } = await import('./client.js');
  const { readConfig, resolveTarget } = await import('./config.js');
  const { runFlow } = await import('../flow/run-flow.js');
  const { GOOGLE, defaultScopes } = await import('./provider.js');
  const target = resolveTarget({}, io.env, await readConfig(io.env));
  const client = await loadClient(args, io.env, target.profile);
  const scopes = (args.values.scope as string[] | undefined) ?? defaultScopes(GOOGLE);
  const flow = new OAuth2WebServerFlow({
    clientId: client.clientId,
    clientSecret: client.clientSecret,
    scope: scopes.flatMap((s) => s.split(/\s+/).filter(Boolean)),
    authUri: client.authUri ?? GOOGLE.authUri,
    tokenUri: client.tokenUri ?? GOOGLE.tokenUri,
    revokeUri: client.revokeUri ?? GOOGLE.revokeUri,
    fetch: nodeFetch,
  });
  const noBrowser = args.values['no-browser'] === true;
  const { parseTimeout } = await import('./login-command.js');
  const credentials = await runFlow(flow, new MemoryStorage(), {
    noauthLocalWebserver: noBrowser,
    openBrowser: !noBrowser,
    timeoutMs: parseTimeout(args.values.timeout as string | undefined),
    signal: io.signal,
    output: io.stderr,
    input: io.stdin,
  });
  if (!credentials.refreshToken) {
    throw new Error(
      "The provider returned no refresh token, so no ADC file can be written. Revoke the app's access and log in again.",
    );
  }
  const user = new AuthorizedUserCredentials({
    clientId: credentials.clientId,
    clientSecret: credentials.clientSecret,
    refreshToken: credentials.refreshToken,
    tokenUri: credentials.tokenUri,
    revokeUri: credentials.revokeUri,
  });
  const path = wellKnownFile(io.env);
  await mkdir(join(path, '..'), { recursive: true, mode: 0o700 });
  await saveToWellKnownFile(user, path);
  note(io, `Application Default Credentials written to ${path}.`, 'green');
  if (args.values.json) printJson(io, { path });
  return EXIT.ok;
}

async function printToken(argv: string[], io: Io): Promise<number> {
  const args = parseOrHelp(argv, io, help, { format: { type: 'string' } });
  if (!args) return EXIT.ok;
  const { ApplicationDefaultCredentials } = await import('@oauth2/adc');
  const adc = new ApplicationDefaultCredentials({ env: io.env, fetch: nodeFetch });
  const credentials = (await adc.getApplicationDefault()) as unknown as {
    getAccessToken(o: {
      signal: AbortSignal;
    }): Promise<{ accessToken: string; expiresIn: number | null }>;
  };
  const token = await credentials.getAccessToken({ signal: io.signal });
  const format = args.values.json ? 'json' : ((args.values.format as string | undefined) ?? 'bare');
  if (format === 'json')
    printJson(io, {
      access_token: token.accessToken,
      token_type: 'Bearer',
      expires_in: token.expiresIn,
    });
  else if (format === 'header') io.stdout.write(`Authorization: Bearer ${token.accessToken}\n`);
  else if (format === 'bare') io.stdout.write(`${token.accessToken}\n`);
  else throw new UsageError('--format must be bare, header or json.');
  return EXIT.ok;
}

async function revoke(argv: string[], io: Io): Promise<number> {
  const args = parseOrHelp(argv, io, help);
  if (!args) return EXIT.ok;
  const { fromStream } = await import('@oauth2/adc');
  const path = wellKnownFile(io.env);
  const { existsSync } = await import('node:fs');
  if (!existsSync(path)) {
    const { LoginNeededError } = await import('./io.js');
    throw new LoginNeededError(`No Application Default Credentials file at ${path}.`);
  }
  const credentials = await fromStream(path, { fetch: nodeFetch });
  await credentials.revoke({ signal: io.signal });
  await rm(path, { force: true });
  note(io, `Revoked, and deleted ${path}.`, 'green');
  if (args.values.json) printJson(io, { path, revoked: true });
  return EXIT.ok;
}

async function explain(argv: string[], io: Io): Promise<number> {
  const args = parseOrHelp(argv, io, help);
  if (!args) return EXIT.ok;
  const { ApplicationDefaultCredentials, formatAdcReport } = await import('@oauth2/adc');
  const adc = new ApplicationDefaultCredentials({ env: io.env, fetch: nodeFetch });
  const report = await adc.explain();
  if (args.values.json) printJson(io, report);
  else note(io, formatAdcReport(report));
  return EXIT.ok;
}

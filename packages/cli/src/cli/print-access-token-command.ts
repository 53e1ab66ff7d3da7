import { COMMON_HELP, commonFlags, parseOrHelp, str } from './args.js';
import { readConfig, resolveTarget } from './config.js';
import { readFastToken } from './fast-token.js';
import { EXIT, type Io, printJson, UsageError } from './io.js';
import { storeLocation } from './store-location.js';

export const help = `Usage: oauth2 print-access-token [--format bare|header|json] [options]
       oauth2 token ...

Print a valid access token for the account, refreshing it through its store when needed
(parallel calls share one refresh). Made for scripts: curl -H "$(oauth2 token --format header)" ...

Options:
  --format FORMAT       bare (default): the token; header: 'Authorization: Bearer <token>';
                        json: {"access_token", "token_type", "expires_in"} (same as --json)

${COMMON_HELP}
`;

/**
 * Print the token. For a file store neither the read nor the refresh loads core, zod, jose or
 * another store; anything unusual falls through to the full path and its typed errors.
 */
export async function run(argv: string[], io: Io): Promise<number> {
  const args = parseOrHelp(argv, io, help, { format: { type: 'string' } });
  if (!args) return EXIT.ok;
  const format = args.values.json ? 'json' : (str(args, 'format') ?? 'bare');
  if (format !== 'bare' && format !== 'header' && format !== 'json') {
    throw new UsageError('--format must be bare, header or json.');
  }
  const target = resolveTarget(commonFlags(args), io.env, await readConfig(io.env));
  const location = storeLocation(target.store, target.account, target.storePath, io.env);
  let token = readFastToken(location, Date.now());
  if (!token && location.kind === 'file' && location.path !== undefined) {
    const { leanRefresh } = await import('./lean-refresh.js');
    token = await leanRefresh(location.path, Date.now);
  }
  if (!token) {
    const { loadCredential } = await import('./credential.js');
    const { credentials } = await loadCredential(target, io);
    token = await credentials.getAccessToken({ signal: io.signal });
  }
  if (format === 'json') {
    printJson(io, {
      access_token: token.accessToken,
      token_type: 'Bearer',
      expires_in: token.expiresIn,
    });
  } else {
    io.stdout.write(
      format === 'header'
        ? `Authorization: Bearer ${token.accessToken}\n`
        : `${token.accessToken}\n`,
    );
  }
  return EXIT.ok;
}

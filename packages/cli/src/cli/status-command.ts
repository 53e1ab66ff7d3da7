import { COMMON_HELP, commonFlags, parseOrHelp } from './args.js';
import { readConfig, resolveTarget } from './config.js';
import { EXIT, type Io, note, printJson, safe } from './io.js';
import { storeLocation } from './store-location.js';

export const help = `Usage: oauth2 status [options]
       oauth2 list ...

List the stored accounts: where each credential lives, who it is (subject or email from the ID
token), its scopes, when the access token expires and whether a refresh token exists. Never
prints a secret. With --account, only that account.

${COMMON_HELP}
`;

interface AccountStatus {
  account: string;
  store: string;
  present: boolean;
  subject?: string | null;
  email?: string | null;
  scopes?: string[];
  expiry?: string | null;
  expired?: boolean;
  refreshToken?: boolean;
  invalid?: boolean;
  error?: string;
}

export async function run(argv: string[], io: Io): Promise<number> {
  const args = parseOrHelp(argv, io, help);
  if (!args) return EXIT.ok;
  const config = await readConfig(io.env);
  const flags = commonFlags(args);
  const names = flags.account ? [flags.account] : Object.keys(config.accounts ?? {});
  if (names.length === 0) names.push(resolveTarget(flags, io.env, config).account);
  const { openStore } = await import('./open-store.js');
  const results: AccountStatus[] = [];
  for (const name of names) {
    const target = resolveTarget({ ...flags, account: name }, io.env, config);
    const location = storeLocation(target.store, target.account, target.storePath, io.env);
    const status: AccountStatus = { account: name, store: location.description, present: false };
    try {
      const credentials = (await (await openStore(location)).get()) as
        | import('@oauth2/core').OAuth2Credentials
        | undefined;
      if (credentials) {
        const id = credentials.idToken ?? {};
        Object.assign(status, {
          present: true,
          subject: typeof id.sub === 'string' ? id.sub : null,
          email: typeof id.email === 'string' ? id.email : null,
          scopes: [...(credentials.scopes ?? [])],
          expiry: credentials.tokenExpiry?.toISOString() ?? null,
          expired: credentials.accessTokenExpired,
          refreshToken: Boolean(credentials.refreshToken),
          invalid: credentials.invalid,
        });
      }
    } catch (err) {
      status.error = err instanceof Error ? err.message : String(err);
    }
    results.push(status);
  }
  if (args.values.json) {
    printJson(io, { accounts: results });
  } else {
    // The listing is this command's output: stdout (so it pipes), escaped for the terminal.
    const out = (text: string) => io.stdout.write(`${text.split('\n').map(safe).join('\n')}\n`);
    for (const s of results) {
      if (s.error) {
        out(`${s.account}: ${s.store}\n  error (see stderr)`);
        note(io, `oauth2 status: ${s.account}: ${s.error}`, 'red');
      } else if (!s.present) {
        out(
          `${s.account}: ${s.store}\n  not signed in (run 'oauth2 login${s.account === 'default' ? '' : ` --account ${s.account}`}')`,
        );
      } else {
        out(
          [
            `${s.account}: ${s.store}`,
            `  who:           ${s.email ?? s.subject ?? '(no ID token)'}`,
            `  scopes:        ${s.scopes?.join(' ') || '(unknown)'}`,
            `  access token:  ${s.invalid ? 'invalid (log in again)' : s.expiry ? `${s.expired ? 'expired' : 'expires'} ${s.expiry}` : 'no expiry'}`,
            `  refresh token: ${s.refreshToken ? 'yes' : 'no'}`,
          ].join('\n'),
        );
      }
    }
  }
  return results.some((s) => s.error) ? EXIT.failure : EXIT.ok;
}

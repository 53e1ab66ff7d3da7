import { COMMON_HELP } from './args.js';
import { exitCodeFor } from './exit-code.js';
import { EXIT, type Io, note, printJson } from './io.js';

/** A command module: its help text and what it does. Each is imported only when run. */
export interface Command {
  help: string;
  run(argv: string[], io: Io): Promise<number>;
}

const COMMANDS: Record<string, () => Promise<Command>> = {
  login: () => import('./login-command.js'),
  'print-access-token': () => import('./print-access-token-command.js'),
  'print-identity-token': () => import('./print-identity-token-command.js'),
  status: () => import('./status-command.js'),
  revoke: () => import('./revoke-command.js'),
  fetch: () => import('./fetch-command.js'),
  info: () => import('./info-command.js'),
  adc: () => import('./adc-command.js'),
};

const ALIASES: Record<string, string> = {
  token: 'print-access-token',
  list: 'status',
  logout: 'revoke',
};

export const HELP = `oauth2: sign in with Google or any OpenID provider, and use the tokens from scripts.

Usage: oauth2 <command> [options]

Commands:
  login                   sign in (browser on a loopback redirect, --no-browser to paste, --device)
  print-access-token      print a valid access token, refreshing it when needed (alias: token)
  print-identity-token    print an ID token (--audience for service accounts and Compute Engine)
  status                  list the stored accounts and where they live (alias: list)
  info                    what the provider says about the current token
  fetch URL               send an authorized request; the body goes to stdout
  revoke                  revoke the grant and delete the local copy (alias: logout)
  adc                     Application Default Credentials: login, print-access-token, revoke, explain

Run 'oauth2 <command> --help' for a command's options.

${COMMON_HELP}
`;

/**
 * Run the `oauth2` command line and return the exit code. Errors become a one-line message on
 * stderr (escaped for the terminal) and, with `--json`, `{"error": {...}}` on stdout.
 */
export async function main(argv: string[], io: Io): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined) {
    io.stderr.write(HELP);
    return EXIT.usage;
  }
  if (first === '--help' || first === '-h' || first === 'help') {
    io.stdout.write(HELP);
    return EXIT.ok;
  }
  if (first === '--version') {
    const { createRequire } = await import('node:module');
    const pkg = createRequire(import.meta.url)('../../package.json') as { version: string };
    io.stdout.write(`${pkg.version}\n`);
    return EXIT.ok;
  }
  const name = ALIASES[first] ?? first;
  const load = COMMANDS[name];
  if (!load) {
    note(io, `oauth2: unknown command "${first}". Run 'oauth2 --help' for the list.`, 'red');
    return EXIT.usage;
  }
  const json = rest.includes('--json');
  try {
    const command = await load();
    return await command.run(rest, io);
  } catch (err) {
    const code = exitCodeFor(err, io.signal);
    const message =
      code === EXIT.interrupted ? 'Interrupted; nothing was changed.' : describeError(err);
    note(io, `oauth2 ${name}: ${message}`, 'red');
    if (code === EXIT.usage) note(io, `Run 'oauth2 ${name} --help' for the options.`);
    if (json) {
      const errCode = (err as { code?: unknown }).code;
      printJson(io, {
        error: { code: typeof errCode === 'string' ? errCode : 'error', message, exitCode: code },
      });
    }
    if (io.env.OAUTH2_DEBUG && err instanceof Error && err.stack) note(io, err.stack, 'dim');
    return code;
  }
}

function describeError(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}

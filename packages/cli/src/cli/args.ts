import { type ParseArgsConfig, parseArgs } from 'node:util';
import { type Io, UsageError } from './io.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/** Options every command takes. */
export const COMMON_OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  json: { type: 'boolean' },
  account: { type: 'string' },
  store: { type: 'string' },
  'store-path': { type: 'string' },
  profile: { type: 'string' },
} as const satisfies Options;

/** The help lines of {@link COMMON_OPTIONS}. */
export const COMMON_HELP = `Common options:
  --account NAME        account to use (default: default; env OAUTH2_ACCOUNT)
  --store KIND          keyring (default), file or multistore (env OAUTH2_STORE)
  --store-path FILE     the file of a file or multistore store (env OAUTH2_STORE_PATH)
  --profile NAME        a profile of ~/.config/oauth2/config.json (env OAUTH2_PROFILE)
  --json                print one JSON object on stdout
  -h, --help            this help

Exit codes: 0 ok, 1 failure, 2 usage error, 4 login needed, 5 network or server unavailable,
130 interrupted.`;

const SECRET_FLAGS = ['--client-secret', '--secret', '--refresh-token', '--access-token'];

/**
 * Parse a command's arguments strictly (unknown options are usage errors). A secret given as a
 * command-line value is refused: every user of the machine can read it with `ps`.
 * @throws {UsageError} an unknown or malformed option, or a secret on the command line.
 */
export function parseCommand(
  argv: readonly string[],
  options: Options,
  config: { positionals?: number } = {},
): Parsed {
  for (const arg of argv) {
    if (arg === '--') break;
    if (SECRET_FLAGS.some((f) => arg === f || arg.startsWith(`${f}=`))) {
      throw new UsageError(
        `${arg.split('=')[0]} is not accepted: a secret on the command line is visible to every user through ps. Use --client-secret-file FILE or the OAUTH2_CLIENT_SECRET environment variable.`,
      );
    }
  }
  let parsed: Parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: { ...COMMON_OPTIONS, ...options },
      allowPositionals: true,
      strict: true,
    }) as Parsed;
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const max = config.positionals ?? 0;
  if (!parsed.values.help && parsed.positionals.length > max) {
    throw new UsageError(`Unexpected argument: ${parsed.positionals[max]}`);
  }
  return parsed;
}

/**
 * {@link parseCommand}, with `--help` answered: the command's `help` goes to stdout and the
 * result is `undefined` (the command then exits 0).
 * @throws {UsageError} as {@link parseCommand}.
 */
export function parseOrHelp(
  argv: readonly string[],
  io: Pick<Io, 'stdout'>,
  help: string,
  options: Options = {},
  config: { positionals?: number } = {},
): Parsed | undefined {
  const args = parseCommand(argv, options, config);
  if (!args.values.help) return args;
  io.stdout.write(help);
  return undefined;
}

/** Parsed arguments. */
export interface Parsed {
  values: Record<string, string | boolean | (string | boolean)[] | undefined>;
  positionals: string[];
}

/** A string option's value. */
export function str(p: Parsed, name: string): string | undefined {
  const v = p.values[name];
  return typeof v === 'string' ? v : undefined;
}

/** A boolean option's value. */
export function bool(p: Parsed, name: string): boolean {
  return p.values[name] === true;
}

/** A repeatable string option's values. */
export function list(p: Parsed, name: string): string[] {
  const v = p.values[name];
  return Array.isArray(v)
    ? v.filter((x): x is string => typeof x === 'string')
    : typeof v === 'string'
      ? [v]
      : [];
}

/** The common flags, for `resolveTarget`. */
export function commonFlags(p: Parsed) {
  return {
    account: str(p, 'account'),
    store: str(p, 'store'),
    'store-path': str(p, 'store-path'),
    profile: str(p, 'profile'),
  };
}

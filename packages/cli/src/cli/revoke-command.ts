import { COMMON_HELP, commonFlags, parseOrHelp } from './args.js';
import { readConfig, resolveTarget, writeConfig } from './config.js';
import { loadCredential } from './credential.js';
import { EXIT, type Io, note, printJson } from './io.js';

export const help = `Usage: oauth2 revoke [options]
       oauth2 logout ...

Revoke the grant at the provider (RFC 7009; the refresh token when there is one), then delete
the local copy. When the provider cannot be reached or answers 5xx, the local copy is kept and
the exit code is 5: run it again later.

${COMMON_HELP}
`;

export async function run(argv: string[], io: Io): Promise<number> {
  const args = parseOrHelp(argv, io, help);
  if (!args) return EXIT.ok;
  const config = await readConfig(io.env);
  const target = resolveTarget(commonFlags(args), io.env, config);
  const { location, credentials } = await loadCredential(target, io);
  await credentials.revoke({ signal: io.signal });
  const fresh = await readConfig(io.env);
  if (fresh.accounts?.[target.account]) {
    delete fresh.accounts[target.account];
    await writeConfig(io.env, fresh);
  }
  note(io, `Revoked, and deleted from ${location.description}.`, 'green');
  if (args.values.json)
    printJson(io, { account: target.account, store: location.description, revoked: true });
  return EXIT.ok;
}

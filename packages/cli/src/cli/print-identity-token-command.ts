import { COMMON_HELP, commonFlags, parseOrHelp, str } from './args.js';
import { readConfig, resolveTarget } from './config.js';
import { loadCredential } from './credential.js';
import { EXIT, type Io, printJson, UsageError } from './io.js';

export const help = `Usage: oauth2 print-identity-token [--audience AUDIENCE] [options]

Print an OpenID Connect ID token. Without --audience: the one from the account's login
(refreshed when it expired and a refresh token exists). With --audience: a token minted for that
audience by Application Default Credentials: a service-account key (the JWT-bearer grant with
target_audience) or the Compute Engine metadata server.

Options:
  --audience AUDIENCE   the audience (e.g. the URL of a Cloud Run service)

${COMMON_HELP}
`;

export async function run(argv: string[], io: Io): Promise<number> {
  const args = parseOrHelp(argv, io, help, { audience: { type: 'string' } });
  if (!args) return EXIT.ok;
  const audience = str(args, 'audience');
  let token: string;
  if (audience !== undefined) {
    const { identityTokenFromAdc } = await import('./identity-token.js');
    token = await identityTokenFromAdc(audience, io);
  } else {
    const target = resolveTarget(commonFlags(args), io.env, await readConfig(io.env));
    const { credentials } = await loadCredential(target, io);
    const exp = credentials.idToken?.exp;
    const expired = typeof exp === 'number' && exp * 1000 <= Date.now() + 60_000;
    if ((!credentials.idTokenJwt || expired) && credentials.refreshToken) {
      await credentials.refresh({ signal: io.signal });
    }
    if (!credentials.idTokenJwt) {
      throw new UsageError(
        "This account's login returned no ID token: log in with the 'openid' scope, or pass --audience for a service account.",
      );
    }
    token = credentials.idTokenJwt;
  }
  if (args.values.json) printJson(io, { id_token: token });
  else io.stdout.write(`${token}\n`);
  return EXIT.ok;
}

import { parseJson } from '@oauth2/core';
import { COMMON_HELP, commonFlags, parseOrHelp } from './args.js';
import { readConfig, resolveTarget } from './config.js';
import { loadCredential } from './credential.js';
import { EXIT, type Io, printJson } from './io.js';
import { nodeFetch } from './node-fetch.js';
import { discover } from './provider.js';

export const help = `Usage: oauth2 info [options]

Ask the provider about the current access token (refreshed first when needed): Google's
tokeninfo, or for an OpenID provider its introspection endpoint (RFC 7662), else its userinfo.
Prints the provider's JSON answer on stdout.

${COMMON_HELP}
`;

export async function run(argv: string[], io: Io): Promise<number> {
  const args = parseOrHelp(argv, io, help);
  if (!args) return EXIT.ok;
  const target = resolveTarget(commonFlags(args), io.env, await readConfig(io.env));
  const { credentials } = await loadCredential(target, io);
  const { accessToken } = await credentials.getAccessToken({ signal: io.signal });
  const signal = AbortSignal.any([io.signal, AbortSignal.timeout(10_000)]);
  let res: Response;
  if (target.issuer) {
    const endpoints = await discover(target.issuer, io.signal);
    if (endpoints.introspectionUri) {
      const form = new URLSearchParams({ token: accessToken, token_type_hint: 'access_token' });
      if (credentials.clientId) form.set('client_id', credentials.clientId);
      if (credentials.clientSecret) form.set('client_secret', credentials.clientSecret);
      res = await nodeFetch(endpoints.introspectionUri, { method: 'POST', body: form, signal });
    } else if (endpoints.userinfoUri) {
      res = await nodeFetch(endpoints.userinfoUri, {
        headers: { authorization: `Bearer ${accessToken}` },
        signal,
      });
    } else {
      throw new Error(
        `The provider ${target.issuer} has neither an introspection nor a userinfo endpoint.`,
      );
    }
  } else {
    const uri = credentials.tokenInfoUri ?? 'https://oauth2.googleapis.com/tokeninfo';
    res = await nodeFetch(uri, {
      method: 'POST',
      body: new URLSearchParams({ access_token: accessToken }),
      signal,
    });
  }
  const text = await res.text();
  let answer: unknown;
  try {
    answer = parseJson(text);
  } catch {
    answer = undefined;
  }
  if (res.status !== 200 || typeof answer !== 'object' || answer === null) {
    throw Object.assign(
      new Error(
        `The provider answered HTTP ${res.status}${answer === undefined ? ' (not JSON)' : ''}.`,
      ),
      {
        status: res.status,
      },
    );
  }
  printJson(io, answer);
  return EXIT.ok;
}

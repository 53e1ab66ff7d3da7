import type { KoaContext, ProviderLike } from './oidc-provider-like.js';
import type { OidcClientMetadata } from './oidc-provider-options.js';

/**
 * `tokenOnlyRevocation`: read the form, and when it has no client authentication, add the
 * credentials of the client that owns the token (body or Basic header, per its auth method).
 * Returns false when the request was answered here (unknown token: 200, RFC 7009 §2.2).
 */
export async function addRevocationClient(
  provider: ProviderLike,
  ctx: KoaContext,
  clients: OidcClientMetadata[],
): Promise<boolean> {
  const chunks: Buffer[] = [];
  for await (const chunk of ctx.req) chunks.push(chunk as Buffer);
  const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
  const token = form.get('token') ?? '';
  const authenticated =
    form.has('client_id') || form.has('client_assertion') || ctx.req.headers.authorization;
  if (!authenticated) {
    const owner =
      (await provider.AccessToken.find(token)) ?? (await provider.RefreshToken.find(token));
    const client = clients.find((c) => c.client_id === owner?.clientId);
    if (!client) {
      ctx.status = 200;
      ctx.body = '';
      return false;
    }
    if (
      client.token_endpoint_auth_method === 'client_secret_basic' ||
      client.token_endpoint_auth_method === undefined
    ) {
      const basic = `${encodeURIComponent(client.client_id)}:${encodeURIComponent(client.client_secret ?? '')}`;
      ctx.req.headers.authorization = `Basic ${Buffer.from(basic).toString('base64')}`;
    } else {
      form.set('client_id', client.client_id);
      if (client.client_secret !== undefined) form.set('client_secret', client.client_secret);
    }
  }
  // oidc-provider reads `req.body` when the stream was already consumed.
  ctx.req.body = form.toString();
  return true;
}

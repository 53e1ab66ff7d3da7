import type { KoaContext, ProviderLike } from './oidc-provider-like.js';
import type { StartOidcProviderOptions } from './oidc-provider-options.js';

/** The test-only interaction endpoint: log in and consent to everything requested, or refuse. */
export async function finishInteraction(
  provider: ProviderLike,
  ctx: KoaContext,
  options: StartOidcProviderOptions,
  defaultAccount: string,
): Promise<void> {
  const details = await provider.interactionDetails(ctx.req, ctx.res);
  const scope = String(details.params.scope ?? '');
  const clientId = String(details.params.client_id);
  const decision = (await options.decide?.({
    prompt: details.prompt.name,
    clientId,
    scope,
    params: details.params,
  })) ?? {
    accountId: defaultAccount,
  };
  let result: object;
  if ('error' in decision) {
    result = {
      error: decision.error,
      error_description: decision.errorDescription ?? 'denied by the test',
    };
  } else {
    const grant = new provider.Grant({ accountId: decision.accountId, clientId });
    // Granular consent: the rejected scopes are left out of the grant (and not asked again).
    const rejected = new Set(decision.rejectScopes ?? []);
    grant.addOIDCScope(
      scope
        .split(' ')
        .filter((s) => !rejected.has(s))
        .join(' '),
    );
    if (rejected.size > 0) grant.rejectOIDCScope([...rejected].join(' '));
    result = { login: { accountId: decision.accountId }, consent: { grantId: await grant.save() } };
  }
  const returnTo = await provider.interactionResult(ctx.req, ctx.res, result, {
    mergeWithLastSubmission: false,
  });
  ctx.status = 303;
  ctx.redirect(returnTo);
}

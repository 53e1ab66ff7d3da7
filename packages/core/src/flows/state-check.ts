import { FlowExchangeError } from '../errors.js';
import { inspectAs, REDACTED } from '../internal/redact.js';
import type { AuthorizationRequest } from './web-server-flow-options.js';

export function stateMismatch(): FlowExchangeError {
  return new FlowExchangeError(
    'The state returned with the code does not match a state this flow sent (pass expectedState when another process ran step 1); the login may have been forged or mixed up. Start the authorization again.',
    { code: 'state_mismatch' },
  );
}

export function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && process.getBuiltinModule('node:crypto').timingSafeEqual(x, y);
}

/** `util.inspect` of the returned request shows `[redacted]` for the verifier; JSON keeps it. */
export function hideVerifier(request: AuthorizationRequest): AuthorizationRequest {
  return inspectAs(request, () => ({
    ...request,
    ...(request.codeVerifier !== undefined && { codeVerifier: REDACTED }),
  }));
}

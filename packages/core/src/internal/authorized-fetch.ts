import type { FetchLike } from '../http/request.js';
import { REFRESH_STATUS_CODES } from '../wire/endpoints.js';

/** What a credential supplies to {@link authorizedFetch}. */
export interface AuthorizeTarget {
  /** Set the `Authorization` header (throws when there is no token to send). */
  apply(headers: Headers): void;
  /** Prefix for the `user-agent` header, or null. */
  userAgent: string | null;
  /** Refresh before sending if the token is missing or about to expire. */
  ensureFresh(signal?: AbortSignal): Promise<void>;
  /**
   * Called on a 401 with the `Authorization` value that was refused: refresh unless another
   * caller already replaced that token.
   */
  refreshAfterUnauthorized(usedAuthorization: string | null, signal?: AbortSignal): Promise<void>;
  /** Called on a 401 that will not be retried (stream body), so the next call refreshes. */
  markRejected?(usedAuthorization: string | null): void;
}

/** oauth2client's `max_refresh_attempts`. */
const MAX_REFRESHES = 2;

/**
 * Wrap a fetch so every request carries the credential. A 401 leads to a refresh and a resend,
 * at most {@link MAX_REFRESHES} times (so at most three sends), unless the body is a stream,
 * which cannot be sent twice.
 */
export function authorizedFetch(target: AuthorizeTarget, base: FetchLike | undefined): FetchLike {
  return async (input, init = {}) => {
    const send = base ?? globalThis.fetch;
    const template = input instanceof Request ? input : undefined;
    const signal = init.signal ?? template?.signal ?? undefined;
    const replayable = !isOneShotBody(init.body);
    await target.ensureFresh(signal ?? undefined);
    for (let refreshes = 0; ; refreshes++) {
      const headers = new Headers(init.headers ?? template?.headers);
      target.apply(headers);
      if (target.userAgent) {
        const callerAgent = headers.get('user-agent');
        headers.set(
          'user-agent',
          callerAgent ? `${target.userAgent} ${callerAgent}` : target.userAgent,
        );
      }
      const used = headers.get('authorization');
      const response = await send(template ? template.clone() : input, { ...init, headers });
      if (!REFRESH_STATUS_CODES.includes(response.status)) return response;
      if (refreshes >= MAX_REFRESHES) return response;
      if (!replayable) {
        target.markRejected?.(used);
        return response;
      }
      await response.body?.cancel().catch(() => {});
      await target.refreshAfterUnauthorized(used, signal ?? undefined);
    }
  };
}

/** Bodies that are consumed by sending them once. */
function isOneShotBody(body: RequestInit['body'] | undefined): boolean {
  if (body === null || body === undefined) return false;
  if (typeof body === 'string') return false;
  if (body instanceof URLSearchParams || body instanceof Blob || body instanceof FormData)
    return false;
  if (body instanceof ArrayBuffer || ArrayBuffer.isView(body)) return false;
  return true;
}

import type { DeviceFlowInfo } from '../device-flow.js';
import {
  NetworkError,
  OAuth2DeviceCodeError,
  TimeoutError,
  TokenResponseError,
} from '../errors.js';
import type { Clock } from '../http/clock.js';
import { type FetchLike, type HttpResponse, httpRequest } from '../http/request.js';
import { isRetryableStatus } from '../http/retryable-status.js';
import { sanitizeServerText } from '../internal/token-endpoint.js';
import { parseTokenResponse, type TokenResponse } from '../wire/token-response.js';
import { readOAuthError } from './exchange.js';

/** RFC 8628 §3.5: the interval when the server gave none. */
export const DEFAULT_POLL_INTERVAL_MS = 5_000;
/** The fastest we ever poll, whatever interval the server (or a caller) gives: 1 s. */
export const MIN_POLL_INTERVAL_MS = 1_000;
/** RFC 8628 §3.5: added on every `slow_down`. */
export const SLOW_DOWN_STEP_MS = 5_000;
/** Back-off after a timeout doubles the interval up to this. */
export const MAX_BACKOFF_INTERVAL_MS = 60_000;
/** How long to poll when the server sent no `expires_in` (Google's device codes live 30 min). */
export const DEFAULT_DEVICE_CODE_LIFETIME_MS = 30 * 60_000;

/** Everything a poll needs. */
export interface DevicePollConfig {
  tokenUri: string;
  headers: Record<string, string>;
  body: string;
  fetch: FetchLike | undefined;
  clock: Clock;
  timeoutMs: number;
  signal: AbortSignal | undefined;
  /** Called before each request, with the 1-based poll number and the interval in force. */
  onPoll?: ((poll: number, intervalMs: number) => void) | undefined;
}

/**
 * Poll the token endpoint for a device code until the user decides (RFC 8628 §3.4-3.5):
 * wait `interval` (5 s when the server sent none, never under 1 s whatever it sent) before every
 * request (never faster, however fast the answers), keep waiting on
 * `authorization_pending`, add 5 s on `slow_down`, double the interval (capped at 60 s) after a
 * timeout, a connection failure or a 5xx/429 without an `error`, and stop on anything else. The
 * `error` field decides, whatever the HTTP status. The client stops by itself once the code
 * expired.
 *
 * @throws {OAuth2DeviceCodeError} `code` is `expired_token` (server or client side),
 *   `access_denied`, another server `error`, `invalid_token_response` or `device_code_failed`.
 */
export async function pollDeviceToken(
  info: DeviceFlowInfo,
  config: DevicePollConfig,
): Promise<TokenResponse> {
  const { clock, signal } = config;
  let intervalMs =
    info.interval === null
      ? DEFAULT_POLL_INTERVAL_MS
      : Math.max(MIN_POLL_INTERVAL_MS, info.interval * 1000);
  const expiresAt = info.userCodeExpiry?.getTime() ?? clock.now() + DEFAULT_DEVICE_CODE_LIFETIME_MS;
  const backOff = () => {
    intervalMs = Math.max(intervalMs, Math.min(intervalMs * 2, MAX_BACKOFF_INTERVAL_MS));
  };
  for (let poll = 1; ; poll++) {
    const remaining = expiresAt - clock.now();
    if (remaining > 0) await clock.sleep(Math.min(intervalMs, remaining), signal);
    if (clock.now() >= expiresAt) throw clientSideExpiry();
    config.onPoll?.(poll, intervalMs);
    let res: HttpResponse;
    try {
      res = await httpRequest(config.tokenUri, {
        method: 'POST',
        headers: config.headers,
        body: config.body,
        fetch: config.fetch,
        timeoutMs: config.timeoutMs,
        signal,
      });
    } catch (err) {
      if (signal?.aborted) throw signal.reason;
      if (err instanceof TimeoutError || err instanceof NetworkError) {
        backOff();
        continue;
      }
      throw err;
    }
    const contentType = res.headers.get('content-type');
    const { error, errorDescription, errorUri } = readOAuthError(res.body, contentType);
    if (error === 'authorization_pending') continue;
    if (error === 'slow_down') {
      intervalMs += SLOW_DOWN_STEP_MS;
      continue;
    }
    if (error !== undefined) {
      throw new OAuth2DeviceCodeError(terminalMessage(error, errorDescription), {
        status: res.status,
        error,
        ...(errorDescription !== undefined && { errorDescription }),
        ...(errorUri !== undefined && { errorUri }),
      });
    }
    if (res.status === 200) {
      try {
        return parseTokenResponse(res.status, res.body, contentType);
      } catch (err) {
        if (!(err instanceof TokenResponseError)) throw err;
        throw new OAuth2DeviceCodeError(err.message, { status: 200, code: err.code, cause: err });
      }
    }
    if (isRetryableStatus(res.status)) {
      backOff();
      continue;
    }
    throw new OAuth2DeviceCodeError(`Invalid response ${res.status}.`, { status: res.status });
  }
}

function clientSideExpiry(): OAuth2DeviceCodeError {
  return new OAuth2DeviceCodeError(
    'The device code expired before the user approved it (expired_token). Start again with step1GetDeviceAndUserCodes().',
    { code: 'expired_token' },
  );
}

function terminalMessage(error: string, description: string | undefined): string {
  const detail = description ? ` (${sanitizeServerText(description)})` : '';
  switch (error) {
    case 'expired_token':
      return `The device code expired before the user approved it (expired_token)${detail}. Start again with step1GetDeviceAndUserCodes().`;
    case 'access_denied':
      return `The user denied the authorization request (access_denied)${detail}.`;
    default:
      return `The token endpoint refused the device code: ${sanitizeServerText(error)}${detail}.`;
  }
}

import { OAuth2DeviceCodeError } from './errors.js';
import { isSecureOrLoopbackUrl } from './http/endpoint.js';
import { inspectAs, REDACTED } from './internal/redact.js';
import { sanitizeText } from './wire/safe-text.js';

/**
 * What the device authorization endpoint answered (RFC 8628 §3.2): show `verificationUrl` and
 * `userCode` to the user, then poll with `OAuth2WebServerFlow.waitForDeviceAuthorization`.
 * Port of oauth2client's `DeviceFlowInfo` (same fields, camelCased, in the same order).
 * `util.inspect` and `JSON.stringify` hide the device code.
 *
 * @example
 * const info = await flow.step1GetDeviceAndUserCodes();
 * console.log(info.instructions());
 * const credentials = await flow.waitForDeviceAuthorization(info);
 */
export class DeviceFlowInfo {
  /** The device verification code; a secret between this client and the token endpoint. */
  readonly deviceCode: string;
  /** The code the user types at `verificationUrl`. May contain anything: print it with {@link instructions}. */
  readonly userCode: string;
  /** Seconds between polls as the server asked, or `null` (the client then uses 5 s). */
  readonly interval: number | null;
  /** Where the user goes; always https (or http on a loopback host). */
  readonly verificationUrl: string;
  /** When the codes expire, or `null` when the server did not say. */
  readonly userCodeExpiry: Date | null;
  /** `verification_uri_complete` (RFC 8628 §3.3.1), when the server sent one. */
  readonly verificationUrlComplete: string | undefined;

  constructor(fields: {
    deviceCode: string;
    userCode: string;
    interval: number | null;
    verificationUrl: string;
    userCodeExpiry: Date | null;
    verificationUrlComplete?: string | undefined;
  }) {
    this.deviceCode = fields.deviceCode;
    this.userCode = fields.userCode;
    this.interval = fields.interval;
    this.verificationUrl = fields.verificationUrl;
    this.userCodeExpiry = fields.userCodeExpiry;
    this.verificationUrlComplete = fields.verificationUrlComplete;
    inspectAs(this, () => this.toJSON(), 'DeviceFlowInfo');
  }

  /**
   * Build from a decoded device authorization response. `verification_uri` (RFC 8628) and
   * `verification_url` (Google's older spelling) are both accepted.
   *
   * @param response - the decoded JSON object.
   * @param nowMs - receipt time in epoch ms, for `userCodeExpiry`.
   * @throws {OAuth2DeviceCodeError} `device_code`/`user_code` missing or not strings, no
   *   verification URL (`No verification_url provided in server response`), or a verification
   *   URL that is not https (http is accepted on loopback hosts only).
   * @example
   * DeviceFlowInfo.fromResponse({ device_code: 'd', user_code: 'U', verification_uri: 'https://x/device' }, Date.now());
   */
  static fromResponse(response: Record<string, unknown>, nowMs: number): DeviceFlowInfo {
    const required = (field: string): string => {
      const value = response[field];
      if (typeof value !== 'string' || value === '') {
        throw new OAuth2DeviceCodeError(
          `The device authorization response has no usable "${field}" (a non-empty string is required).`,
        );
      }
      return value;
    };
    const deviceCode = required('device_code');
    const userCode = required('user_code');
    const url = response.verification_uri ?? response.verification_url;
    if (url === undefined || url === null || url === '') {
      throw new OAuth2DeviceCodeError('No verification_url provided in server response');
    }
    const complete = response.verification_uri_complete ?? response.verification_url_complete;
    for (const candidate of complete === undefined ? [url] : [url, complete]) {
      if (typeof candidate !== 'string' || !isSecureOrLoopbackUrl(candidate)) {
        throw new OAuth2DeviceCodeError(
          'The device authorization response has a verification URL that is not https; it is refused so that users are never sent to an insecure or script URL.',
        );
      }
    }
    const interval = positiveSeconds(response.interval);
    const expiresIn = positiveSeconds(response.expires_in);
    return new DeviceFlowInfo({
      deviceCode,
      userCode,
      interval,
      verificationUrl: new URL(url as string).href,
      userCodeExpiry: expiresIn === null ? null : new Date(nowMs + expiresIn * 1000),
      verificationUrlComplete:
        complete === undefined ? undefined : new URL(complete as string).href,
    });
  }

  /**
   * What to tell the user, safe to print to a terminal: control characters, ANSI escapes and
   * bidi overrides in the server's values are escaped.
   *
   * @example
   * console.log(info.instructions());
   * // Go to https://www.google.com/device and enter the code: ABCD-EFGH
   */
  instructions(): string {
    const show = (text: string) => sanitizeText(text, { maxLength: 2048 });
    return `Go to ${show(this.verificationUrl)} and enter the code: ${show(this.userCode)}`;
  }

  /** A redacted view (no device code), for logs. */
  toJSON(): Record<string, unknown> {
    return {
      deviceCode: REDACTED,
      userCode: this.userCode,
      interval: this.interval,
      verificationUrl: this.verificationUrl,
      userCodeExpiry: this.userCodeExpiry,
      ...(this.verificationUrlComplete !== undefined && {
        verificationUrlComplete: this.verificationUrlComplete,
      }),
    };
  }
}

/** A positive finite number of seconds (a numeric string is accepted), else `null`. */
function positiveSeconds(value: unknown): number | null {
  const n = typeof value === 'string' && /^\d+(\.\d+)?$/.test(value) ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) && n > 0 ? n : null;
}

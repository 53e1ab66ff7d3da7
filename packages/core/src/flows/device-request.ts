import { OAuth2DeviceCodeError, OAuth2Error } from '../errors.js';
import { type HttpRequestOptions, type HttpResponse, safeHost } from '../http/request.js';
import { sanitizeServerText } from '../internal/token-endpoint.js';
import { isJsonObject, parseJson } from '../wire/parse-json.js';
import { postFormOnce, readOAuthError } from './exchange.js';

/**
 * POST the device authorization request and read the answer (spec §3.4, RFC 8628 §3.1-3.2): the
 * decoded JSON object, which `DeviceFlowInfo.fromResponse` then checks field by field.
 *
 * @throws {OAuth2DeviceCodeError} transport failure (`code` of the cause), non-200
 *   (`Invalid response <status>.` + ` Error: <error>`), non-JSON or unusable body.
 */
export async function requestDeviceCodes(
  deviceUri: string,
  body: string,
  headers: Record<string, string>,
  http: HttpRequestOptions,
): Promise<Record<string, unknown>> {
  let res: HttpResponse;
  try {
    res = await postFormOnce(deviceUri, body, headers, http);
  } catch (err) {
    if (http.signal?.aborted || !(err instanceof OAuth2Error)) throw err;
    throw new OAuth2DeviceCodeError(
      `The device authorization request to ${safeHost(deviceUri)} failed: ${err.message}`,
      {
        code: err.code,
        cause: err,
      },
    );
  }
  if (res.status !== 200) {
    const { error } = readOAuthError(res.body, res.headers.get('content-type'));
    const suffix = error === undefined ? '' : ` Error: ${sanitizeServerText(error)}`;
    throw new OAuth2DeviceCodeError(`Invalid response ${res.status}.${suffix}`, {
      status: res.status,
      ...(error !== undefined && { error }),
    });
  }
  let decoded: unknown;
  try {
    decoded = parseJson(res.body);
  } catch {
    throw new OAuth2DeviceCodeError('Could not parse server response as JSON.', { status: 200 });
  }
  if (!isJsonObject(decoded)) {
    throw new OAuth2DeviceCodeError('The device authorization response is not a JSON object.', {
      status: 200,
    });
  }
  return decoded;
}

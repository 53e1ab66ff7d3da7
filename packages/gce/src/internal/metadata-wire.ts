/**
 * Pure halves of the metadata exchange: build a request, interpret an answer. No I/O here, so
 * these are tested table-driven without a server.
 */
import { parseJsonObject } from '@oauth2/core';
import { isRetryableStatus } from '@oauth2/core/http';
import { MetadataError } from '../errors.js';

/** The v1 API root path. */
export const V1_ROOT = '/computeMetadata/v1/';
/** The header every request sends and every answer must carry. */
export const FLAVOR_HEADER = 'Metadata-Flavor';
export const FLAVOR_VALUE = 'Google';

/** A request to the metadata server, ready for `fetch`. */
export interface MetadataRequest {
  url: string;
  /** The path without the query, for messages and logs. */
  path: string;
  headers: Record<string, string>;
}

/** Build the request for a v1 path (relative to `/computeMetadata/v1/`). */
export function buildMetadataRequest(
  host: string,
  path: string,
  query?: Record<string, string>,
): MetadataRequest {
  const fullPath = `${V1_ROOT}${path}`;
  const search = query && Object.keys(query).length ? `?${new URLSearchParams(query)}` : '';
  return {
    url: `http://${host}${fullPath}${search}`,
    path: fullPath,
    headers: { [FLAVOR_HEADER]: FLAVOR_VALUE },
  };
}

/** Whether an answer really comes from a metadata server. */
export function hasGoogleFlavor(headers: Headers): boolean {
  return headers.get(FLAVOR_HEADER) === FLAVOR_VALUE;
}

/** What the answer is about, for messages. */
export interface AnswerContext {
  host: string;
  path: string;
  /** Set for service-account paths: a 404 then means "no such service account". */
  account?: string | undefined;
}

/**
 * Accept a 200 answer carrying `Metadata-Flavor: Google`; turn anything else into a
 * {@link MetadataError}. The flavor is checked first, whatever the status: an answer without
 * it did not come from the metadata server and nothing in it is trusted.
 */
export function checkAnswer(status: number, headers: Headers, ctx: AnswerContext): void {
  const where = `${ctx.host}${ctx.path}`;
  if (!hasGoogleFlavor(headers)) {
    throw new MetadataError(
      `The answer from ${where} (status ${status}) lacks the 'Metadata-Flavor: Google' header, so it does not come from the Compute Engine metadata server and was ignored. Check GCE_METADATA_HOST and any proxy in between.`,
      { code: 'metadata_bad_flavor', status },
    );
  }
  if (status === 200) return;
  if (status >= 300 && status < 400) {
    throw new MetadataError(
      `The metadata server answered ${where} with a redirect (status ${status}); redirects are never followed.`,
      { code: 'metadata_redirect', status },
    );
  }
  if (status === 404 && ctx.account !== undefined) {
    throw new MetadataError(
      `Service account '${ctx.account}' not found on the metadata server (404 from ${where}). This can occur if a VM was created with no service account or scopes; attach one, or pick another account.`,
      { code: 'service_account_not_found', status },
    );
  }
  if (status === 404) {
    throw new MetadataError(`The metadata server has no ${where} (404).`, {
      code: 'metadata_not_found',
      status,
    });
  }
  if (status === 403) {
    throw new MetadataError(
      `The metadata server refused ${where} (403). The VM's service account may lack the requested scopes, or a proxy may be involved.`,
      { code: 'metadata_forbidden', status },
    );
  }
  const retryable = isRetryableStatus(status);
  throw new MetadataError(
    `The metadata server answered ${where} with status ${status}${retryable ? ' (transient)' : ''}.`,
    { code: 'metadata_http_error', status, retryable },
  );
}

/** A token from `instance/service-accounts/{account}/token`. */
export interface MetadataToken {
  accessToken: string;
  /** Lifetime in seconds from receipt. */
  expiresIn: number;
  tokenType: string;
}

/** A service account as `instance/service-accounts/{account}/?recursive=true` describes it. */
export interface ServiceAccountInfo {
  email: string;
  scopes: string[];
  aliases: string[];
}

/*
 * The answers are checked by hand, field by field in shape order; the first bad one is reported
 * by name with the `expected` text below, never with the value (which may be a token).
 */
type Check = (value: unknown) => unknown;
/** A value that fails a check. */
const BAD = Symbol('bad');
const nonEmptyString: Check = (v) => (typeof v === 'string' && v.length > 0 ? v : BAD);
const stringList: Check = (v) =>
  v === null || v === undefined
    ? []
    : Array.isArray(v) && v.every((s) => typeof s === 'string')
      ? v
      : BAD;

const tokenAnswer: Record<string, Check> = {
  access_token: nonEmptyString,
  expires_in: (v) => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : BAD),
  token_type: (v) =>
    v === null || v === undefined || (typeof v === 'string' && v.toLowerCase() === 'bearer')
      ? v
      : BAD,
};

const serviceAccountAnswer: Record<string, Check> = {
  email: nonEmptyString,
  scopes: stringList,
  aliases: stringList,
};

const EXPECTED: Record<string, string> = {
  access_token: 'a non-empty string',
  expires_in: 'a non-negative number of seconds',
  token_type: "'Bearer'",
  email: 'a non-empty string',
  scopes: 'a list of strings',
  aliases: 'a list of strings',
};

/** Parse a token answer; a missing or wrong field gives `metadata_malformed` naming the field only. */
export function parseTokenAnswer(body: string, ctx: AnswerContext): MetadataToken {
  const json = parseAnswer(tokenAnswer, body, ctx);
  return {
    accessToken: json.access_token as string,
    expiresIn: json.expires_in as number,
    tokenType: 'Bearer',
  };
}

/** Parse a recursive service-account answer. */
export function parseServiceAccountInfo(body: string, ctx: AnswerContext): ServiceAccountInfo {
  const json = parseAnswer(serviceAccountAnswer, body, ctx);
  return {
    email: json.email as string,
    scopes: json.scopes as string[],
    aliases: json.aliases as string[],
  };
}

/** Parse a text answer that must be a non-empty single token (a project id). */
export function parseTextValue(body: string, ctx: AnswerContext, pattern: RegExp): string {
  const value = body.trim();
  if (!pattern.test(value)) throw malformed(ctx, ctx.path, `text matching ${pattern}`);
  return value;
}

/**
 * JSON-decode an answer and validate each field with its check (not a cast); every failure is
 * `metadata_malformed`, quoting nothing.
 */
function parseAnswer(
  checks: Record<string, Check>,
  body: string,
  ctx: AnswerContext,
): Record<string, unknown> {
  const where = `${ctx.host}${ctx.path}`;
  // Core's one JSON-object reader; no message quotes the body, which may hold a token.
  const record = parseJsonObject(
    body,
    (problem) =>
      new MetadataError(
        problem.kind === 'not_object'
          ? `The metadata server's answer from ${where} is not a JSON object.`
          : `The metadata server's answer from ${where} is not JSON.`,
        { code: 'metadata_malformed' },
      ),
  );
  const out: Record<string, unknown> = {};
  for (const [field, check] of Object.entries(checks)) {
    const value = check(Object.hasOwn(record, field) ? record[field] : undefined);
    if (value === BAD) throw malformed(ctx, field, EXPECTED[field] ?? '');
    out[field] = value;
  }
  return out;
}

function malformed(ctx: AnswerContext, field: string, expected: string): MetadataError {
  return new MetadataError(
    `The metadata server's answer from ${ctx.host}${ctx.path} has no valid '${field}' (expected ${expected}).`,
    { code: 'metadata_malformed', field },
  );
}

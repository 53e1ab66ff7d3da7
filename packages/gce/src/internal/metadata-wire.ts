/**
 * Pure halves of the metadata exchange: build a request, interpret an answer. No I/O here, so
 * these are tested table-driven without a server.
 */
import { parseJson } from '@oauth2/core';
import { z } from 'zod';
import { MetadataError } from '../metadata-error.js';

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
      { code: 'bad_flavor', status },
    );
  }
  if (status === 200) return;
  if (status >= 300 && status < 400) {
    throw new MetadataError(
      `The metadata server answered ${where} with a redirect (status ${status}); redirects are never followed.`,
      { code: 'redirect', status },
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
      code: 'not_found',
      status,
    });
  }
  if (status === 403) {
    throw new MetadataError(
      `The metadata server refused ${where} (403). The VM's service account may lack the requested scopes, or a proxy may be involved.`,
      { code: 'forbidden', status },
    );
  }
  const retryable = status >= 500 || status === 429;
  throw new MetadataError(
    `The metadata server answered ${where} with status ${status}${retryable ? ' (transient)' : ''}.`,
    { code: 'http_error', status, retryable },
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
 * The answer schemas. Fields are checked in shape order and the first bad one is reported by
 * name with the `expected` text here; zod's own messages (which may describe the input, a token)
 * never reach an error.
 */
const nonEmptyString = z.string().min(1);
const stringList = z
  .array(z.string())
  .nullish()
  .transform((list) => list ?? []);

const tokenAnswer = z.object({
  access_token: nonEmptyString,
  expires_in: z.number().min(0),
  token_type: z
    .string()
    .nullish()
    .refine((type) => type == null || type.toLowerCase() === 'bearer'),
});

const serviceAccountAnswer = z.object({
  email: nonEmptyString,
  scopes: stringList,
  aliases: stringList,
});

const EXPECTED: Record<string, string> = {
  access_token: 'a non-empty string',
  expires_in: 'a non-negative number of seconds',
  token_type: "'Bearer'",
  email: 'a non-empty string',
  scopes: 'a list of strings',
  aliases: 'a list of strings',
};

/** Parse a token answer; a missing or wrong field gives `malformed` naming the field only. */
export function parseTokenAnswer(body: string, ctx: AnswerContext): MetadataToken {
  const json = parseAnswer(tokenAnswer, body, ctx);
  return { accessToken: json.access_token, expiresIn: json.expires_in, tokenType: 'Bearer' };
}

/** Parse a recursive service-account answer. */
export function parseServiceAccountInfo(body: string, ctx: AnswerContext): ServiceAccountInfo {
  return parseAnswer(serviceAccountAnswer, body, ctx);
}

/** Parse a text answer that must be a non-empty single token (a project id). */
export function parseTextValue(body: string, ctx: AnswerContext, pattern: RegExp): string {
  const value = body.trim();
  if (!pattern.test(value)) throw malformed(ctx, ctx.path, `text matching ${pattern}`);
  return value;
}

/** JSON-decode an answer and validate it; every failure is `malformed`, quoting nothing. */
function parseAnswer<T>(schema: z.ZodType<T>, body: string, ctx: AnswerContext): T {
  let json: unknown;
  try {
    json = parseJson(body);
  } catch {
    // The parser's message quotes the body, which may hold a token: say nothing about it.
    throw new MetadataError(
      `The metadata server's answer from ${ctx.host}${ctx.path} is not JSON.`,
      {
        code: 'malformed',
      },
    );
  }
  const parsed = schema.safeParse(json);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue?.path[0];
  if (typeof field === 'string' && Object.hasOwn(EXPECTED, field)) {
    throw malformed(ctx, field, EXPECTED[field] ?? '');
  }
  throw new MetadataError(
    `The metadata server's answer from ${ctx.host}${ctx.path} is not a JSON object.`,
    { code: 'malformed' },
  );
}

function malformed(ctx: AnswerContext, field: string, expected: string): MetadataError {
  return new MetadataError(
    `The metadata server's answer from ${ctx.host}${ctx.path} has no valid '${field}' (expected ${expected}).`,
    { code: 'malformed', field },
  );
}

/**
 * Parse an ADC file (spec §12.2) into a validated description, without building credentials.
 * Messages are oauth2client's; none quotes a value from the file (it holds secrets): the zod
 * schemas below only ever produce our own fixed issue tokens, and messages are built from the
 * field names of a fixed list, never from zod's text or the input.
 */
import { jsonNestingDepth, MAX_JSON_DEPTH } from '@oauth2/core';
import { z } from 'zod';
import { AUTHORIZED_USER, SERVICE_ACCOUNT } from '../constants.js';

/** A validated `authorized_user` file. */
export interface AuthorizedUserFile {
  type: 'authorized_user';
  clientId: string;
  clientSecret: string;
  refreshToken: string;
  /** `quota_project_id`: billed for API calls (`x-goog-user-project`). */
  quotaProjectId: string | undefined;
  /** `token_uri`, when the file names one (gcloud's files do not). */
  tokenUri: string | undefined;
}

/** A validated `service_account` key file; `data` is the whole object for @oauth2/crypt. */
export interface ServiceAccountFile {
  type: 'service_account';
  clientEmail: string;
  clientId: string;
  privateKeyId: string;
  /** The PEM private key (never shown). */
  privateKey: string;
  projectId: string | undefined;
  quotaProjectId: string | undefined;
  tokenUri: string | undefined;
  revokeUri: string | undefined;
  /** The whole object, unknown fields included. */
  data: Record<string, unknown>;
}

export type AdcFile = AuthorizedUserFile | ServiceAccountFile;

/** An ADC file problem; the caller adds the path and where the path came from. */
export class AdcFileProblem extends Error {}

/** Issue tokens: the only messages the schemas produce (never an input value). */
const MISSING = 'missing';
const NOT_STRING = 'not_string';
const NOT_HTTP_URL = 'not_http_url';
const BAD_TYPE = 'bad_type';

/** Defined and a string; `null` counts as missing (oauth2client tests for presence). */
const required = z.string({ error: (issue) => (issue.input == null ? MISSING : NOT_STRING) });
/** Absent, `null` or a string (an empty string means absent). */
const optional = z.string({ error: () => NOT_STRING }).nullish();
const tokenUri = optional.refine((value) => !value || isHttpUrl(value), { error: NOT_HTTP_URL });
const optionalFields = { quota_project_id: optional, token_uri: tokenUri, project_id: optional };

const authorizedUser = z.looseObject({
  type: z.literal(AUTHORIZED_USER),
  client_id: required,
  client_secret: required,
  refresh_token: required,
  ...optionalFields,
});

const serviceAccount = z.looseObject({
  type: z.literal(SERVICE_ACCOUNT),
  client_id: required,
  client_email: required,
  private_key_id: required,
  private_key: required,
  ...optionalFields,
  revoke_uri: optional,
});

const adcFileSchema = z.discriminatedUnion('type', [authorizedUser, serviceAccount], {
  error: () => BAD_TYPE,
});

/** Field names in oauth2client's order (required first), for messages. */
const FIELD_ORDER = [
  'client_id',
  'client_email',
  'client_secret',
  'refresh_token',
  'private_key_id',
  'private_key',
  'quota_project_id',
  'token_uri',
  'project_id',
  'revoke_uri',
] as const;

/**
 * Validate the text of an ADC file.
 * @throws {AdcFileProblem} with oauth2client's message (type, missing fields) or a JSON message
 *   that gives a position, never content.
 */
export function parseAdcFile(text: string): AdcFile {
  if (jsonNestingDepth(text, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) {
    throw new AdcFileProblem(`The file nests JSON deeper than ${MAX_JSON_DEPTH} levels.`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    // V8 quotes the text around a syntax error: keep only the position.
    const at = /position (\d+)/.exec(err instanceof Error ? err.message : '');
    throw new AdcFileProblem(
      `The file is not valid JSON${at ? ` (error at character ${at[1]})` : ''}.`,
    );
  }
  const parsed = adcFileSchema.safeParse(json);
  if (!parsed.success) throw new AdcFileProblem(describeIssues(parsed.error.issues));
  const file = parsed.data;
  const present = (value: string | null | undefined): string | undefined => value || undefined;
  if (file.type === AUTHORIZED_USER) {
    return {
      type: file.type,
      clientId: file.client_id,
      clientSecret: file.client_secret,
      refreshToken: file.refresh_token,
      quotaProjectId: present(file.quota_project_id),
      tokenUri: present(file.token_uri),
    };
  }
  return {
    type: file.type,
    clientEmail: file.client_email,
    clientId: file.client_id,
    privateKeyId: file.private_key_id,
    privateKey: file.private_key,
    projectId: present(file.project_id),
    quotaProjectId: present(file.quota_project_id),
    tokenUri: present(file.token_uri),
    revokeUri: present(file.revoke_uri),
    data: file,
  };
}

/**
 * oauth2client's message for the first kind of problem, in its order: not an object, a bad
 * `type`, missing fields, fields that are not strings, a `token_uri` that is not http(s). Built
 * from issue tokens and known field names only.
 */
function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  if (issues.some((i) => i.path.length === 0 && i.code === 'invalid_type')) {
    return 'The file must hold a JSON object.';
  }
  const fields = (token: string): string[] => {
    const named = new Set(issues.filter((i) => i.message === token).map((i) => i.path[0]));
    return FIELD_ORDER.filter((f) => named.has(f));
  };
  const missing = fields(MISSING);
  const notStrings = fields(NOT_STRING);
  if (issues.some((i) => i.message === BAD_TYPE)) {
    return "'type' field should be defined (and have one of the 'authorized_user' or 'service_account' values)";
  }
  if (missing.length > 0) return `The following field(s) must be defined: ${missing.join(', ')}`;
  if (notStrings.length > 0) {
    return `The following field(s) must be strings: ${notStrings.join(', ')}`;
  }
  if (fields(NOT_HTTP_URL).length > 0) return "The 'token_uri' field must be an http(s) URL.";
  return 'The file is not a valid authorized_user or service_account file.';
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

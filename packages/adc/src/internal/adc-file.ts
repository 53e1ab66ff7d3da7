/**
 * Parse an ADC file (spec §12.2) into a validated description, without building credentials.
 * Messages are oauth2client's; none quotes a value from the file (it holds secrets): they are
 * built from the field names of a fixed list, never from the input. Checked by hand, not with a
 * schema library: this runs on every cold start of a process using ADC.
 */
import { jsonNestingDepth, MAX_JSON_DEPTH } from '@oauth2/core';
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

/** What is wrong with a field (never its value). */
type Issue = 'missing' | 'not_string' | 'not_http_url';

const REQUIRED: Record<AdcFile['type'], readonly string[]> = {
  authorized_user: ['client_id', 'client_secret', 'refresh_token'],
  service_account: ['client_id', 'client_email', 'private_key_id', 'private_key'],
};
const OPTIONAL: Record<AdcFile['type'], readonly string[]> = {
  authorized_user: ['quota_project_id', 'token_uri', 'project_id'],
  service_account: ['quota_project_id', 'token_uri', 'project_id', 'revoke_uri'],
};

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
    throw new AdcFileProblem(
      `The file is not valid JSON (nested deeper than ${MAX_JSON_DEPTH} levels).`,
    );
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
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw new AdcFileProblem('The file must hold a JSON object.');
  }
  const file = json as Record<string, unknown>;
  const type = own(file, 'type');
  if (type !== AUTHORIZED_USER && type !== SERVICE_ACCOUNT) {
    throw new AdcFileProblem(
      "'type' field should be defined (and have one of the 'authorized_user' or 'service_account' values)",
    );
  }
  const issues = new Map<string, Issue>();
  for (const field of REQUIRED[type]) {
    const value = own(file, field);
    if (value === null || value === undefined) issues.set(field, 'missing');
    else if (typeof value !== 'string') issues.set(field, 'not_string');
  }
  for (const field of OPTIONAL[type]) {
    const value = own(file, field);
    if (value !== null && value !== undefined && typeof value !== 'string') {
      issues.set(field, 'not_string');
    } else if (field === 'token_uri' && typeof value === 'string' && value && !isHttpUrl(value)) {
      issues.set(field, 'not_http_url');
    }
  }
  if (issues.size > 0) throw new AdcFileProblem(describeIssues(issues));
  const str = (field: string): string => own(file, field) as string;
  const present = (field: string): string | undefined => (own(file, field) as string) || undefined;
  if (type === AUTHORIZED_USER) {
    return {
      type,
      clientId: str('client_id'),
      clientSecret: str('client_secret'),
      refreshToken: str('refresh_token'),
      quotaProjectId: present('quota_project_id'),
      tokenUri: present('token_uri'),
    };
  }
  return {
    type,
    clientEmail: str('client_email'),
    clientId: str('client_id'),
    privateKeyId: str('private_key_id'),
    privateKey: str('private_key'),
    projectId: present('project_id'),
    quotaProjectId: present('quota_project_id'),
    tokenUri: present('token_uri'),
    revokeUri: present('revoke_uri'),
    data: file,
  };
}

function own(record: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

/**
 * oauth2client's message for the field problems, in its order (not an object and a bad
 * `type` are reported before): missing fields, fields that are not strings, a `token_uri` that is not http(s). Built
 * from known field names only.
 */
function describeIssues(issues: ReadonlyMap<string, Issue>): string {
  const fields = (issue: Issue): string[] => FIELD_ORDER.filter((f) => issues.get(f) === issue);
  const missing = fields('missing');
  const notStrings = fields('not_string');
  if (missing.length > 0) return `The following field(s) must be defined: ${missing.join(', ')}`;
  if (notStrings.length > 0) {
    return `The following field(s) must be strings: ${notStrings.join(', ')}`;
  }
  return "The 'token_uri' field must be an http(s) URL.";
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

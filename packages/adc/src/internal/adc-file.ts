/**
 * Parse an ADC file (spec §12.2) into a validated description, without building credentials.
 * Messages are oauth2client's; none quotes a value from the file (it holds secrets): they are
 * built from the field names core's checks report, never from the input. Checked by hand, not with
 * a schema library: this runs on every cold start of a process using ADC. The JSON reader and the
 * service-account key parser are core's (`parseJsonObject`, `parseServiceAccountKey`), the same
 * ones `@oauth2/crypt` uses.
 */
import {
  type CredentialFieldIssue,
  checkCredentialFields,
  type JsonObjectProblem,
  parseJsonObject,
  parseServiceAccountKey,
  type ServiceAccountKey,
} from '@oauth2/core';
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

/** A validated `service_account` key file; `data` is the whole object, unknown fields included. */
export interface ServiceAccountFile extends ServiceAccountKey {
  type: 'service_account';
  data: Record<string, unknown>;
}

export type AdcFile = AuthorizedUserFile | ServiceAccountFile;

/** An ADC file problem; the caller adds the path and where the path came from. */
export class AdcFileProblem extends Error {}

const USER_REQUIRED: readonly string[] = ['client_id', 'client_secret', 'refresh_token'];
const USER_OPTIONAL: readonly string[] = ['quota_project_id', 'token_uri', 'project_id'];

function jsonProblem(problem: JsonObjectProblem): AdcFileProblem {
  if (problem.kind === 'not_object') return new AdcFileProblem('The file must hold a JSON object.');
  if (problem.kind === 'too_deep') {
    return new AdcFileProblem(
      `The file is not valid JSON (nested deeper than ${problem.maxDepth} levels).`,
    );
  }
  const at = problem.position === undefined ? '' : ` (error at character ${problem.position})`;
  return new AdcFileProblem(`The file is not valid JSON${at}.`);
}

/**
 * Validate the text of an ADC file.
 * @throws {AdcFileProblem} with oauth2client's message (type, missing fields) or a JSON message
 *   that gives a position, never content.
 */
export function parseAdcFile(text: string): AdcFile {
  const file = parseJsonObject(text, jsonProblem);
  const type = own(file, 'type');
  if (type !== AUTHORIZED_USER && type !== SERVICE_ACCOUNT) {
    throw new AdcFileProblem(
      "'type' field should be defined (and have one of the 'authorized_user' or 'service_account' values)",
    );
  }
  if (type === SERVICE_ACCOUNT) {
    const parsed = parseServiceAccountKey(file);
    if (!parsed.ok) throw new AdcFileProblem(describeIssues(parsed.issues));
    return { type, ...parsed.key, data: file };
  }
  const issues = checkCredentialFields(file, USER_REQUIRED, USER_OPTIONAL);
  if (issues.length > 0) throw new AdcFileProblem(describeIssues(issues));
  const present = (field: string): string | undefined => (own(file, field) as string) || undefined;
  return {
    type,
    clientId: own(file, 'client_id') as string,
    clientSecret: own(file, 'client_secret') as string,
    refreshToken: own(file, 'refresh_token') as string,
    quotaProjectId: present('quota_project_id'),
    tokenUri: present('token_uri'),
  };
}

function own(record: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

/**
 * oauth2client's message for the field problems, in its order (not an object and a bad `type` are
 * reported before): missing fields, fields that are not strings, a `token_uri` that is not
 * http(s). Built from known field names only.
 */
function describeIssues(issues: readonly CredentialFieldIssue[]): string {
  const fields = (problem: CredentialFieldIssue['problem']): string[] =>
    issues.filter((i) => i.problem === problem).map((i) => i.field);
  const missing = fields('missing');
  const notStrings = fields('not_string');
  if (missing.length > 0) return `The following field(s) must be defined: ${missing.join(', ')}`;
  if (notStrings.length > 0) {
    return `The following field(s) must be strings: ${notStrings.join(', ')}`;
  }
  return "The 'token_uri' field must be an http(s) URL.";
}

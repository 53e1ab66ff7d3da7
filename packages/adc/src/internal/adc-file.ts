/**
 * Parse an ADC file (spec §12.2) into a validated description, without building credentials.
 * Messages are oauth2client's; none quotes a value from the file (it holds secrets).
 */
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
  projectId: string | undefined;
  quotaProjectId: string | undefined;
  data: Record<string, unknown>;
}

export type AdcFile = AuthorizedUserFile | ServiceAccountFile;

/** An ADC file problem; the caller adds the path and where the path came from. */
export class AdcFileProblem extends Error {}

const REQUIRED = {
  [AUTHORIZED_USER]: ['client_id', 'client_secret', 'refresh_token'],
  [SERVICE_ACCOUNT]: ['client_id', 'client_email', 'private_key_id', 'private_key'],
} as const;

const OPTIONAL_STRINGS = ['quota_project_id', 'token_uri', 'project_id'] as const;

/**
 * Validate the text of an ADC file.
 * @throws {AdcFileProblem} with oauth2client's message (type, missing fields) or a JSON message
 *   that gives a position, never content.
 */
export function parseAdcFile(text: string): AdcFile {
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
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new AdcFileProblem('The file must hold a JSON object.');
  }
  const data = json as Record<string, unknown>;
  const type = data.type;
  if (type !== AUTHORIZED_USER && type !== SERVICE_ACCOUNT) {
    throw new AdcFileProblem(
      "'type' field should be defined (and have one of the 'authorized_user' or 'service_account' values)",
    );
  }
  const required = REQUIRED[type];
  const missing = required.filter((f) => data[f] === undefined || data[f] === null);
  if (missing.length > 0) {
    throw new AdcFileProblem(`The following field(s) must be defined: ${missing.join(', ')}`);
  }
  const notStrings = [...required, ...OPTIONAL_STRINGS].filter(
    (f) => data[f] !== undefined && data[f] !== null && typeof data[f] !== 'string',
  );
  if (notStrings.length > 0) {
    throw new AdcFileProblem(`The following field(s) must be strings: ${notStrings.join(', ')}`);
  }
  const text_ = (f: string): string => data[f] as string;
  const optional = (f: string): string | undefined =>
    typeof data[f] === 'string' && data[f] !== '' ? (data[f] as string) : undefined;
  const tokenUri = optional('token_uri');
  if (tokenUri !== undefined && !isHttpUrl(tokenUri)) {
    throw new AdcFileProblem("The 'token_uri' field must be an http(s) URL.");
  }
  if (type === AUTHORIZED_USER) {
    return {
      type,
      clientId: text_('client_id'),
      clientSecret: text_('client_secret'),
      refreshToken: text_('refresh_token'),
      quotaProjectId: optional('quota_project_id'),
      tokenUri,
    };
  }
  return {
    type,
    clientEmail: text_('client_email'),
    clientId: text_('client_id'),
    privateKeyId: text_('private_key_id'),
    projectId: optional('project_id'),
    quotaProjectId: optional('quota_project_id'),
    data,
  };
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

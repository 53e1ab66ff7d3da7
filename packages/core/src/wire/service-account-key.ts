/**
 * What is wrong with one field of a credential file: `missing` (absent or null), `not_string`,
 * `not_http_url` (`token_uri` only), `wrong_value` (`type` only). Never the value itself.
 */
export interface CredentialFieldIssue {
  field: string;
  problem: 'missing' | 'not_string' | 'not_http_url' | 'wrong_value';
}

function own(data: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(data, key) ? data[key] : undefined;
}

function isHttpUrl(value: string): boolean {
  try {
    const { protocol } = new URL(value);
    return protocol === 'https:' || protocol === 'http:';
  } catch {
    return false;
  }
}

/**
 * Check the string fields of a credential file (gcloud's ADC files, service-account keys): each
 * `required` field present and a string, each `optional` one absent, null or a string, and a
 * non-empty `token_uri` an http(s) URL. Issues come in the order the fields are listed.
 *
 * @example
 * const issues = checkCredentialFields(data, ['client_id', 'client_secret'], ['token_uri']);
 */
export function checkCredentialFields(
  data: Record<string, unknown>,
  required: readonly string[],
  optional: readonly string[] = [],
): CredentialFieldIssue[] {
  const issues: CredentialFieldIssue[] = [];
  for (const field of [...required, ...optional]) {
    const value = own(data, field);
    if (value === null || value === undefined) {
      if (required.includes(field)) issues.push({ field, problem: 'missing' });
    } else if (typeof value !== 'string') {
      issues.push({ field, problem: 'not_string' });
    } else if (field === 'token_uri' && value !== '' && !isHttpUrl(value)) {
      issues.push({ field, problem: 'not_http_url' });
    }
  }
  return issues;
}

/** A validated `service_account` key file, as the Cloud console downloads it. */
export interface ServiceAccountKey {
  clientEmail: string;
  clientId: string;
  privateKeyId: string;
  /** The PEM private key (a secret: never shown). */
  privateKey: string;
  /** Optional fields: `undefined` when absent, null or empty. */
  projectId: string | undefined;
  quotaProjectId: string | undefined;
  tokenUri: string | undefined;
  revokeUri: string | undefined;
}

/** Required fields of a key file, in oauth2client's order (its error messages list them so). */
export const SERVICE_ACCOUNT_KEY_REQUIRED: readonly string[] = [
  'client_id',
  'client_email',
  'private_key_id',
  'private_key',
];
const OPTIONAL: readonly string[] = ['quota_project_id', 'token_uri', 'project_id', 'revoke_uri'];

/**
 * Validate a parsed service-account key file (`type: "service_account"`): the one parser that
 * `@oauth2/crypt` (`ServiceAccountCredentials.fromJsonKeyfile`) and `@oauth2/adc` both call. It
 * returns every problem rather than throwing, so each caller words its own typed error.
 *
 * @example
 * const result = parseServiceAccountKey(parseJsonObject(text));
 * if (!result.ok) throw new Error(`bad key file: ${result.issues.map((i) => i.field).join(', ')}`);
 * const { clientEmail, privateKey } = result.key;
 */
export function parseServiceAccountKey(
  data: Record<string, unknown>,
): { ok: true; key: ServiceAccountKey } | { ok: false; issues: CredentialFieldIssue[] } {
  if (own(data, 'type') !== 'service_account') {
    return { ok: false, issues: [{ field: 'type', problem: 'wrong_value' }] };
  }
  const issues = checkCredentialFields(data, SERVICE_ACCOUNT_KEY_REQUIRED, OPTIONAL);
  if (issues.length > 0) return { ok: false, issues };
  const text = (field: string): string => own(data, field) as string;
  const present = (field: string): string | undefined => (own(data, field) as string) || undefined;
  return {
    ok: true,
    key: {
      clientEmail: text('client_email'),
      clientId: text('client_id'),
      privateKeyId: text('private_key_id'),
      privateKey: text('private_key'),
      projectId: present('project_id'),
      quotaProjectId: present('quota_project_id'),
      tokenUri: present('token_uri'),
      revokeUri: present('revoke_uri'),
    },
  };
}

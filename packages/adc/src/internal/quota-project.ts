/** The header that names the project billed for an API call (`quota_project_id`). */
export const QUOTA_PROJECT_HEADER = 'x-goog-user-project';

/** Set `x-goog-user-project` on `headers` when there is a quota project. */
export function setQuotaProjectHeader(
  headers: Headers | Record<string, string>,
  quotaProjectId: string | undefined,
): void {
  if (quotaProjectId === undefined) return;
  if (headers instanceof Headers) headers.set(QUOTA_PROJECT_HEADER, quotaProjectId);
  else headers[QUOTA_PROJECT_HEADER] = quotaProjectId;
}

/**
 * The "Errors" table of a package README (issue 11): a `## Errors` section whose table lists one
 * code a row, in backticks, in the first column (`| Code | Class | When | What to do |`).
 */

/** The codes of the README's Errors table, in order; `undefined` when there is no such section. */
export function readmeErrorCodes(markdown: string): string[] | undefined {
  const lines = markdown.split('\n');
  const start = lines.findIndex((line) => /^##\s+Errors\b/.test(line));
  if (start === -1) return undefined;
  const codes: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (/^##?\s/.test(line)) break;
    const first = /^\|\s*`([^`]+)`\s*\|/.exec(line);
    if (first) codes.push(first[1] as string);
  }
  return codes;
}

/** What a README table gets wrong against the union: codes missing, and codes that exist nowhere. */
export function errorTableMismatch(
  readmeCodes: string[],
  unionCodes: string[],
  coreCodes: string[],
): { missing: string[]; unknown: string[]; repeated: string[] } {
  const listed = new Set(readmeCodes);
  return {
    missing: unionCodes.filter((code) => !listed.has(code)),
    // A README may also list core codes its package lets through (a refresh's `invalid_grant`).
    unknown: [...listed].filter((code) => !unionCodes.includes(code) && !coreCodes.includes(code)),
    repeated: readmeCodes.filter((code, i) => readmeCodes.indexOf(code) !== i),
  };
}

/** The sources ADC tries, in order. */
export type AdcSource = 'GOOGLE_APPLICATION_CREDENTIALS' | 'gcloud' | 'devshell' | 'metadata';

/** What happened at one source. */
export type AdcOutcome = 'used' | 'skipped' | 'failed' | 'not tried';

/** One line of an {@link AdcReport}. */
export interface AdcSourceReport {
  source: AdcSource;
  /** Human name: `GOOGLE_APPLICATION_CREDENTIALS`, `gcloud well-known file`, ... */
  label: string;
  outcome: AdcOutcome;
  /** Why it was used or skipped, or what failed (no secret, no file content). */
  reason: string;
  /** The file looked at, for file sources. */
  path?: string;
  /** Time spent on this source, in ms. */
  durationMs: number;
}

/** The credential found, described without a secret. */
export interface AdcCredentialsSummary {
  /** `authorized_user`, `service_account`, `compute_engine` or `cloud_shell`. */
  type: 'authorized_user' | 'service_account' | 'compute_engine' | 'cloud_shell';
  /** The class returned. */
  className: string;
  /** OAuth client id (public) for user credentials. */
  clientId?: string;
  /** Service account e-mail, or the Cloud Shell user. */
  email?: string;
  /** `quota_project_id`, sent as `x-goog-user-project`. */
  quotaProjectId?: string;
  /** Token endpoint for file credentials. */
  tokenUri?: string;
}

/** The structured, redacted account of an ADC search, as `explain()` returns it. */
export interface AdcReport {
  /** Whether a credential was found. */
  ok: boolean;
  /** Every source, in search order. */
  sources: AdcSourceReport[];
  credentials?: AdcCredentialsSummary;
  /** The error `getApplicationDefault()` throws, when nothing usable was found. */
  error?: { name: string; code: string; message: string };
  /** Whole search, in ms. */
  durationMs: number;
}

/**
 * Render an {@link AdcReport} as aligned text for a terminal or a bug report.
 *
 * @example
 * console.log(formatAdcReport(await adc.explain()));
 */
export function formatAdcReport(report: AdcReport): string {
  const lines = [
    `Application Default Credentials: ${report.ok ? 'found' : 'not found'} (${report.durationMs} ms)`,
  ];
  const width = Math.max(...report.sources.map((s) => s.label.length));
  report.sources.forEach((s, i) => {
    const time = s.outcome === 'not tried' ? '' : ` (${s.durationMs} ms)`;
    lines.push(`  ${i + 1}. ${s.label.padEnd(width)}  ${s.outcome.padEnd(10)}${s.reason}${time}`);
  });
  const c = report.credentials;
  if (c) {
    const details = [
      c.clientId && `client_id ${c.clientId}`,
      c.email && `email ${c.email}`,
      c.quotaProjectId && `quota project ${c.quotaProjectId}`,
      c.tokenUri && `token_uri ${c.tokenUri}`,
    ].filter(Boolean);
    lines.push(`  => ${c.className} (${c.type})${details.length ? `: ${details.join(', ')}` : ''}`);
  }
  if (report.error)
    lines.push(`  => ${report.error.name} [${report.error.code}]: ${report.error.message}`);
  return lines.join('\n');
}

import { type Credentials, OAuth2Credentials } from '@oauth2/core';
import { ApplicationDefaultCredentialsError } from '@oauth2/core/errors';
import type { MetadataClient } from '@oauth2/gce';
import type {
  AdcCredentialsSummary,
  AdcReport,
  AdcSource,
  AdcSourceReport,
} from '../adc-report.js';
import { ADC_HELP_MESSAGE, GOOGLE_APPLICATION_CREDENTIALS } from '../constants.js';
import type { AdcFile } from './adc-file.js';
import { type AdcFileSystem, errnoOf } from './adc-fs.js';
import { type BuildOptions, runtimeOptions } from './build-options.js';
import { type AdcEnvironment, wellKnownFilePath } from './environment.js';
import { type FileOrigin, loadAdcFile, readingError } from './load-adc-file.js';

/** Everything one search needs. */
export interface SearchContext {
  environment: AdcEnvironment;
  fs: AdcFileSystem;
  build: BuildOptions;
  /** Builds the credential a file describes (`build-credentials.ts`, above this folder). */
  buildCredentials: (
    file: AdcFile,
    path: string,
    origin: FileOrigin,
    options: BuildOptions,
  ) => Promise<Credentials>;
  /** The metadata client (created lazily, on first need). */
  metadata: () => Promise<MetadataClient>;
  devshellTimeoutMs: number | undefined;
}

/** The outcome of a search: a credential, or the error to throw; always a report. */
export interface SearchResult {
  credentials?: Credentials;
  source?: AdcSource;
  /** The file used, for project-id discovery. */
  file?: AdcFile;
  /** Project id known from the source (Cloud Shell). */
  projectId?: string;
  error?: unknown;
  report: AdcReport;
}

type Step =
  | { kind: 'skip'; reason: string; path?: string }
  | {
      kind: 'use';
      reason: string;
      path?: string;
      result: Omit<SearchResult, 'report'>;
      summary: AdcCredentialsSummary;
    };

const LABELS: Record<AdcSource, string> = {
  GOOGLE_APPLICATION_CREDENTIALS,
  gcloud: 'gcloud well-known file',
  devshell: 'Cloud Shell (devshell)',
  metadata: 'Compute Engine metadata server',
};

const STEPS: [AdcSource, (ctx: SearchContext) => Promise<Step>][] = [
  ['GOOGLE_APPLICATION_CREDENTIALS', fromEnvironmentVariable],
  ['gcloud', fromWellKnownFile],
  ['devshell', fromDevshell],
  ['metadata', fromMetadataServer],
];

/** Try every source in order (spec §12.1, decisions.md "ADC search order"); never throws. */
export async function searchCredentials(ctx: SearchContext): Promise<SearchResult> {
  const started = now();
  const sources: AdcSourceReport[] = [];
  const finish = (
    result: Omit<SearchResult, 'report'>,
    summary?: AdcCredentialsSummary,
  ): SearchResult => {
    for (const [source] of STEPS.slice(sources.length)) {
      sources.push({
        source,
        label: LABELS[source],
        outcome: 'not tried',
        reason: 'an earlier source decided',
        durationMs: 0,
      });
    }
    const report: AdcReport = {
      ok: result.error === undefined,
      sources,
      durationMs: elapsed(started),
    };
    if (summary) report.credentials = summary;
    if (result.error !== undefined) report.error = describeError(result.error);
    return { ...result, report };
  };
  for (const [source, step] of STEPS) {
    const stepStarted = now();
    const line = (
      outcome: AdcSourceReport['outcome'],
      reason: string,
      path?: string,
    ): AdcSourceReport => ({
      source,
      label: LABELS[source],
      outcome,
      reason,
      ...(path !== undefined && { path }),
      durationMs: elapsed(stepStarted),
    });
    let outcome: Step;
    try {
      outcome = await step(ctx);
    } catch (error) {
      sources.push(line('failed', describeError(error).message));
      return finish({ error });
    }
    if (outcome.kind === 'use') {
      sources.push(line('used', outcome.reason, outcome.path));
      return finish({ ...outcome.result, source }, outcome.summary);
    }
    sources.push(line('skipped', outcome.reason, outcome.path));
  }
  return finish({ error: new ApplicationDefaultCredentialsError(ADC_HELP_MESSAGE) });
}

async function fromEnvironmentVariable(ctx: SearchContext): Promise<Step> {
  const path = ctx.environment.env[GOOGLE_APPLICATION_CREDENTIALS];
  if (!path) return { kind: 'skip', reason: 'not set' };
  const where = `File ${path} (pointed by ${GOOGLE_APPLICATION_CREDENTIALS} environment variable)`;
  try {
    if ((await ctx.fs.stat(path)).isDirectory()) {
      throw new ApplicationDefaultCredentialsError(`${where} is a directory, not a file!`);
    }
  } catch (err) {
    if (err instanceof ApplicationDefaultCredentialsError) throw err;
    if (errnoOf(err) === 'ENOENT' || errnoOf(err) === 'ENOTDIR') {
      throw new ApplicationDefaultCredentialsError(`${where} does not exist!`);
    }
    throw readingError(path, 'env', `cannot read the file (${errnoOf(err) ?? 'error'}).`);
  }
  return useFile(ctx, path, 'env', `${GOOGLE_APPLICATION_CREDENTIALS} names this file`);
}

async function fromWellKnownFile(ctx: SearchContext): Promise<Step> {
  const path = wellKnownFilePath(ctx.environment);
  let isLink: boolean;
  try {
    isLink = (await ctx.fs.lstat(path)).isSymbolicLink();
  } catch (err) {
    const code = errnoOf(err);
    const reason =
      code === 'ENOENT' || code === 'ENOTDIR'
        ? 'no file'
        : `cannot be checked (${code ?? 'error'})`;
    return { kind: 'skip', reason: `${reason} at ${path}`, path };
  }
  if (isLink) {
    try {
      await ctx.fs.stat(path);
    } catch {
      throw readingError(path, 'gcloud', 'it is a symbolic link to a missing file.');
    }
  }
  return useFile(ctx, path, 'gcloud', 'the file exists');
}

async function useFile(
  ctx: SearchContext,
  path: string,
  origin: FileOrigin,
  reason: string,
): Promise<Step> {
  const file = await loadAdcFile(path, origin, ctx.fs);
  const credentials = await ctx.buildCredentials(file, path, origin, ctx.build);
  const summary: AdcCredentialsSummary =
    file.type === 'authorized_user'
      ? {
          type: 'authorized_user',
          className: credentials.constructor.name,
          clientId: file.clientId,
          ...(file.quotaProjectId !== undefined && { quotaProjectId: file.quotaProjectId }),
          ...(credentials instanceof OAuth2Credentials &&
            credentials.tokenUri !== null && { tokenUri: credentials.tokenUri }),
        }
      : {
          type: 'service_account',
          className: credentials.constructor.name,
          email: file.clientEmail,
          ...(file.quotaProjectId !== undefined && { quotaProjectId: file.quotaProjectId }),
        };
  return {
    kind: 'use',
    reason: `${reason} (${file.type})`,
    path,
    result: { credentials, file },
    summary,
  };
}

async function fromDevshell(ctx: SearchContext): Promise<Step> {
  const port = ctx.environment.env.DEVSHELL_CLIENT_PORT?.trim();
  if (!port || /^0+$/.test(port))
    return { kind: 'skip', reason: 'DEVSHELL_CLIENT_PORT is not set' };
  const { DevshellCredentials } = await import('@oauth2/devshell');
  let credentials: InstanceType<typeof DevshellCredentials>;
  try {
    credentials = await DevshellCredentials.create({
      ...runtimeOptions(ctx.build),
      env: ctx.environment.env,
      devshellTimeoutMs: ctx.devshellTimeoutMs,
    });
  } catch (err) {
    throw new ApplicationDefaultCredentialsError(
      `DEVSHELL_CLIENT_PORT is set but the Cloud Shell devshell server gave no credentials: ${describeError(err).message}`,
      { cause: err },
    );
  }
  const summary: AdcCredentialsSummary = { type: 'cloud_shell', className: 'DevshellCredentials' };
  if (credentials.userEmail !== undefined) summary.email = credentials.userEmail;
  const result: Omit<SearchResult, 'report'> = { credentials };
  if (credentials.projectId !== undefined) result.projectId = credentials.projectId;
  return {
    kind: 'use',
    reason: `devshell server on 127.0.0.1:${credentials.port} answered`,
    result,
    summary,
  };
}

async function fromMetadataServer(ctx: SearchContext): Promise<Step> {
  const metadata = await ctx.metadata();
  const detection = await metadata.detect();
  if (!detection.available) return { kind: 'skip', reason: detection.reason };
  const { AppAssertionCredentials } = await import('@oauth2/gce');
  const credentials = new AppAssertionCredentials({
    ...runtimeOptions(ctx.build),
    scopes: ctx.build.scopes,
    metadata,
  });
  return {
    kind: 'use',
    reason: detection.reason,
    result: { credentials },
    summary: { type: 'compute_engine', className: 'AppAssertionCredentials' },
  };
}

function describeError(err: unknown): { name: string; code: string; message: string } {
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    return {
      name: err.name,
      code: typeof code === 'string' ? code : 'error',
      message: err.message,
    };
  }
  return { name: 'Error', code: 'error', message: 'unknown failure' };
}

function elapsed(started: number): number {
  return Math.round(now() - started);
}

/** Monotonic ms. Not `performance.now()`: its first use loads perf_hooks (~3 ms of a cold start). */
function now(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

import type { Credentials, CredentialsRuntimeOptions } from '@oauth2/core';
import type { MetadataClient } from '@oauth2/gce';
import type { AdcReport } from './adc-report.js';
import { buildCredentials } from './build-credentials.js';
import { type AdcFileSystem, nodeAdcFileSystem } from './internal/adc-fs.js';
import { type AdcEnvironment, resolveEnvironment } from './internal/environment.js';
import { gcloudProject } from './internal/gcloud-project.js';
import { type SearchContext, type SearchResult, searchCredentials } from './internal/search.js';

/** Options of {@link ApplicationDefaultCredentials} and `getApplicationDefault`. All optional. */
export interface ApplicationDefaultOptions extends CredentialsRuntimeOptions {
  /** Environment variables to read (default `process.env`, read at construction). */
  env?: Readonly<Record<string, string | undefined>>;
  /** Home directory for `~/.config/gcloud` (default `os.homedir()`). */
  homeDir?: string;
  /** Platform rules for the gcloud directory (default `process.platform`). */
  platform?: NodeJS.Platform;
  /** File-system reads (default `node:fs/promises`). */
  fs?: AdcFileSystem;
  /** Scopes for service-account and Compute Engine credentials. */
  scopes?: string | Iterable<string>;
  /** Token endpoint for file credentials (default: the file's `token_uri`, else Google's). */
  tokenUri?: string;
  /** A metadata client to use (default: one built from `env`, `fetch` and `clock`). */
  metadata?: MetadataClient;
  /** Metadata detection probe limit in ms (default 3 000). */
  metadataProbeTimeoutMs?: number;
  /** Deadline of the Cloud Shell devshell exchange in ms (default 5 000). */
  devshellTimeoutMs?: number;
}

/**
 * Application Default Credentials, memoised on this instance: the first successful search is
 * kept (later calls make no file or network access); a failed search is not, so the next call
 * searches again. Sources, in order: `GOOGLE_APPLICATION_CREDENTIALS` (a missing or bad file is
 * an error, no fall-through), the gcloud well-known file, the Cloud Shell devshell (when
 * `DEVSHELL_CLIENT_PORT` is set), the Compute Engine metadata server.
 *
 * @example
 * const adc = new ApplicationDefaultCredentials();
 * const credentials = await adc.getApplicationDefault();
 * console.log(formatAdcReport(await adc.explain()));
 */
export class ApplicationDefaultCredentials {
  readonly #options: ApplicationDefaultOptions;
  readonly #environment: AdcEnvironment;
  readonly #fs: AdcFileSystem;
  #search: Promise<SearchResult> | undefined;
  #lastReport: AdcReport | undefined;
  #metadata: MetadataClient | undefined;
  #projectId: Promise<string | undefined> | undefined;

  constructor(options: ApplicationDefaultOptions = {}) {
    this.#options = options;
    this.#environment = resolveEnvironment(options);
    this.#fs = options.fs ?? nodeAdcFileSystem;
    this.#metadata = options.metadata;
  }

  /**
   * Find the credentials (oauth2client `GoogleCredentials.get_application_default`).
   *
   * @throws {ApplicationDefaultCredentialsError} nothing found (oauth2client's help message), or
   *   the chosen source is broken: the file named by `GOOGLE_APPLICATION_CREDENTIALS` is missing
   *   or invalid, the gcloud file is invalid, the devshell server failed. Messages never quote
   *   the file's content.
   * @example
   * const credentials = await new ApplicationDefaultCredentials().getApplicationDefault();
   * const res = await credentials.authorize()('https://www.googleapis.com/oauth2/v3/userinfo');
   */
  async getApplicationDefault(): Promise<Credentials> {
    const result = await this.#run();
    if (result.credentials === undefined) throw result.error;
    return result.credentials;
  }

  /**
   * The structured, redacted account of the search: every source in order, used or skipped and
   * why, with timings. Runs the search if needed (sharing it with `getApplicationDefault`);
   * never throws for a failed search: the error is in the report.
   *
   * @example
   * const report = await adc.explain();
   * for (const s of report.sources) console.log(s.label, s.outcome, s.reason);
   */
  async explain(): Promise<AdcReport> {
    return (await this.#run()).report;
  }

  /** The report of the last search, if one ran. */
  get lastReport(): AdcReport | undefined {
    return this.#lastReport;
  }

  /**
   * The Google Cloud project, without running `gcloud`: `GOOGLE_CLOUD_PROJECT` or
   * `GCLOUD_PROJECT`; the service-account file's `project_id`; the Cloud Shell project; gcloud's
   * active configuration (`CLOUDSDK_CORE_PROJECT`, `configurations/config_<name>`); the metadata
   * server's `project/project-id` when running on Compute Engine. Undefined when none says.
   *
   * @throws {MetadataError} the metadata server was found but failed to answer.
   * @example
   * const projectId = await adc.getProjectId();
   */
  getProjectId(): Promise<string | undefined> {
    this.#projectId ??= this.#discoverProject();
    return this.#projectId;
  }

  async #discoverProject(): Promise<string | undefined> {
    const { env } = this.#environment;
    const fromEnv = env.GOOGLE_CLOUD_PROJECT || env.GCLOUD_PROJECT;
    if (fromEnv) return fromEnv;
    const result = await this.#run();
    if (result.file?.type === 'service_account' && result.file.projectId)
      return result.file.projectId;
    if (result.projectId) return result.projectId;
    const gcloud = await gcloudProject(this.#environment, this.#fs);
    if (gcloud) return gcloud;
    if (result.source === 'metadata') return (await this.#metadataClient()).getProjectId();
    return undefined;
  }

  #run(): Promise<SearchResult> {
    if (!this.#search) {
      const search = searchCredentials(this.#context()).then((result) => {
        this.#lastReport = result.report;
        // Only success is memoised: a failure (a metadata blip, a file being written) is retried.
        if (result.credentials === undefined && this.#search === search) this.#search = undefined;
        return result;
      });
      this.#search = search;
    }
    return this.#search;
  }

  #context(): SearchContext {
    const {
      env: _e,
      homeDir: _h,
      platform: _p,
      fs: _f,
      metadata: _m,
      metadataProbeTimeoutMs: _t,
      devshellTimeoutMs,
      ...build
    } = this.#options;
    return {
      environment: this.#environment,
      fs: this.#fs,
      build,
      buildCredentials,
      metadata: () => this.#metadataClient(),
      devshellTimeoutMs,
    };
  }

  async #metadataClient(): Promise<MetadataClient> {
    if (!this.#metadata) {
      const { MetadataClient } = await import('@oauth2/gce');
      const { fetch, clock, metadataProbeTimeoutMs } = this.#options;
      this.#metadata = new MetadataClient({
        env: this.#environment.env,
        ...(fetch && { fetch }),
        ...(clock && { clock }),
        ...(metadataProbeTimeoutMs !== undefined && { probeTimeoutMs: metadataProbeTimeoutMs }),
      });
    }
    return this.#metadata;
  }
}

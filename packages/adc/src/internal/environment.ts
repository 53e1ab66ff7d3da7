import { homedir } from 'node:os';
import { posix, win32 } from 'node:path';
import { WELL_KNOWN_FILE_NAME } from '../constants.js';

/** Where ADC looks: everything it reads from the process, injectable. */
export interface AdcEnvironment {
  env: Readonly<Record<string, string | undefined>>;
  platform: NodeJS.Platform;
  homeDir: string;
}

/** The environment a caller's options describe (process defaults, read now, not at import). */
export function resolveEnvironment(options: {
  env?: Readonly<Record<string, string | undefined>> | undefined;
  platform?: NodeJS.Platform | undefined;
  homeDir?: string | undefined;
}): AdcEnvironment {
  const env = options.env ?? process.env;
  return {
    env,
    platform: options.platform ?? process.platform,
    homeDir: options.homeDir ?? homedir(),
  };
}

/**
 * The gcloud config directory (oauth2client `_get_well_known_file`): `CLOUDSDK_CONFIG`; on
 * Windows `%APPDATA%\gcloud` (or `%SystemDrive%\gcloud`, default `C:`); else `~/.config/gcloud`.
 */
export function gcloudConfigDir({ env, platform, homeDir }: AdcEnvironment): string {
  const configured = env.CLOUDSDK_CONFIG;
  if (configured) return configured;
  if (platform === 'win32') {
    const appData = env.APPDATA;
    if (appData) return win32.join(appData, 'gcloud');
    return win32.join(`${env.SystemDrive || 'C:'}\\`, 'gcloud');
  }
  return posix.join(homeDir, '.config', 'gcloud');
}

/** The gcloud well-known ADC file path. */
export function wellKnownFilePath(environment: AdcEnvironment): string {
  const join = environment.platform === 'win32' ? win32.join : posix.join;
  return join(gcloudConfigDir(environment), WELL_KNOWN_FILE_NAME);
}

import { posix, win32 } from 'node:path';
import type { AdcFileSystem } from './adc-fs.js';
import { type AdcEnvironment, gcloudConfigDir } from './environment.js';

const CONFIG_NAME = /^[A-Za-z0-9_-]+$/;

/**
 * The project of gcloud's active configuration, read from its files (never by running `gcloud`):
 * `CLOUDSDK_CORE_PROJECT`, else `[core] project` of
 * `<config dir>/configurations/config_<name>`, where `<name>` is `CLOUDSDK_ACTIVE_CONFIG_NAME`,
 * else the content of `<config dir>/active_config`, else `default`. Undefined when not set or unreadable.
 */
export async function gcloudProject(
  environment: AdcEnvironment,
  fs: AdcFileSystem,
): Promise<string | undefined> {
  const { env } = environment;
  if (env.CLOUDSDK_CORE_PROJECT) return env.CLOUDSDK_CORE_PROJECT;
  const join = environment.platform === 'win32' ? win32.join : posix.join;
  const dir = gcloudConfigDir(environment);
  let name = env.CLOUDSDK_ACTIVE_CONFIG_NAME?.trim();
  if (!name) name = (await readOrUndefined(fs, join(dir, 'active_config')))?.trim() || 'default';
  if (!CONFIG_NAME.test(name)) return undefined;
  const ini = await readOrUndefined(fs, join(dir, 'configurations', `config_${name}`));
  return ini === undefined ? undefined : iniValue(ini, 'core', 'project');
}

async function readOrUndefined(fs: AdcFileSystem, path: string): Promise<string | undefined> {
  try {
    return await fs.readFile(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** The value of `key` in `[section]` of an INI text (Python `configparser` layout). */
export function iniValue(ini: string, section: string, key: string): string | undefined {
  let current: string | undefined;
  for (const raw of ini.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const header = /^\[(.+)\]$/.exec(line);
    if (header) {
      current = header[1]?.trim();
      continue;
    }
    if (current !== section) continue;
    const match = /^([^=:]+?)\s*[=:]\s*(.*)$/.exec(line);
    if (match && match[1] === key) return match[2] || undefined;
  }
  return undefined;
}

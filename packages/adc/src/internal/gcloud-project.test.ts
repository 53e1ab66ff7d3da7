import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { useTempDir } from '@oauth2/test-kit';
import { beforeEach, describe, expect, it } from 'vitest';
import { nodeAdcFileSystem } from './adc-fs.js';
import { gcloudProject, iniValue } from './gcloud-project.js';

const tmp = useTempDir('adc-gcloud-');
beforeEach(async () => {
  await mkdir(join(tmp.dir, 'configurations'));
});

/** Write gcloud's `configurations/config_<name>` file. */
const writeConfig = (name: string, text: string) =>
  writeFile(join(tmp.dir, 'configurations', `config_${name}`), text);

/** The project gcloud's files name, with CLOUDSDK_CONFIG at the temp dir and `extra` variables. */
const project = (extra: Record<string, string> = {}) =>
  gcloudProject(
    { env: { CLOUDSDK_CONFIG: tmp.dir, ...extra }, platform: 'linux', homeDir: '/nowhere' },
    nodeAdcFileSystem,
  );

describe('gcloud project discovery (no gcloud process)', () => {
  it('reads [core] project of the active configuration', async () => {
    await writeFile(join(tmp.dir, 'active_config'), 'work\n');
    await writeConfig('work', '[core]\naccount = joe@example.com\nproject = work-proj\n');
    await writeConfig('default', '[core]\nproject = default-proj\n');
    expect(await project()).toBe('work-proj');
    expect(await project({ CLOUDSDK_ACTIVE_CONFIG_NAME: 'default' })).toBe('default-proj');
    expect(await project({ CLOUDSDK_CORE_PROJECT: 'env-proj' })).toBe('env-proj');
  });

  it('uses the default configuration without active_config, and is undefined when nothing says', async () => {
    expect(await project()).toBeUndefined();
    await writeConfig('default', '[compute]\nregion = x\n[core]\nproject = p1\n');
    expect(await project()).toBe('p1');
    expect(await project({ CLOUDSDK_ACTIVE_CONFIG_NAME: '../../etc' })).toBeUndefined();
  });

  it('parses INI sections and separators like configparser', () => {
    const ini = '; comment\n[compute]\nproject = wrong\n[core]\n# x\nproject: right\n';
    expect(iniValue(ini, 'core', 'project')).toBe('right');
    expect(iniValue(ini, 'core', 'account')).toBeUndefined();
  });
});

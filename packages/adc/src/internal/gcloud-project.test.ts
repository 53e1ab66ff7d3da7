import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { nodeAdcFileSystem } from './adc-fs.js';
import { gcloudProject, iniValue } from './gcloud-project.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'adc-gcloud-'));
  await mkdir(join(dir, 'configurations'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const env = (extra: Record<string, string> = {}) => ({
  env: { CLOUDSDK_CONFIG: dir, ...extra },
  platform: 'linux' as const,
  homeDir: '/nowhere',
});

describe('gcloud project discovery (no gcloud process)', () => {
  it('reads [core] project of the active configuration', async () => {
    await writeFile(join(dir, 'active_config'), 'work\n');
    await writeFile(
      join(dir, 'configurations', 'config_work'),
      '[core]\naccount = joe@example.com\nproject = work-proj\n',
    );
    await writeFile(
      join(dir, 'configurations', 'config_default'),
      '[core]\nproject = default-proj\n',
    );
    expect(await gcloudProject(env(), nodeAdcFileSystem)).toBe('work-proj');
    expect(
      await gcloudProject(env({ CLOUDSDK_ACTIVE_CONFIG_NAME: 'default' }), nodeAdcFileSystem),
    ).toBe('default-proj');
    expect(await gcloudProject(env({ CLOUDSDK_CORE_PROJECT: 'env-proj' }), nodeAdcFileSystem)).toBe(
      'env-proj',
    );
  });

  it('uses the default configuration without active_config, and is undefined when nothing says', async () => {
    expect(await gcloudProject(env(), nodeAdcFileSystem)).toBeUndefined();
    await writeFile(
      join(dir, 'configurations', 'config_default'),
      '[compute]\nregion = x\n[core]\nproject = p1\n',
    );
    expect(await gcloudProject(env(), nodeAdcFileSystem)).toBe('p1');
    expect(
      await gcloudProject(env({ CLOUDSDK_ACTIVE_CONFIG_NAME: '../../etc' }), nodeAdcFileSystem),
    ).toBeUndefined();
  });

  it('parses INI sections and separators like configparser', () => {
    const ini = '; comment\n[compute]\nproject = wrong\n[core]\n# x\nproject: right\n';
    expect(iniValue(ini, 'core', 'project')).toBe('right');
    expect(iniValue(ini, 'core', 'account')).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import { gcloudConfigDir, resolveEnvironment, wellKnownFilePath } from './environment.js';

describe('the gcloud well-known file path', () => {
  it('is ~/.config/gcloud on Linux and macOS', () => {
    expect(wellKnownFilePath({ env: {}, platform: 'linux', homeDir: '/home/joe' })).toBe(
      '/home/joe/.config/gcloud/application_default_credentials.json',
    );
    expect(gcloudConfigDir({ env: {}, platform: 'darwin', homeDir: '/Users/joe' })).toBe(
      '/Users/joe/.config/gcloud',
    );
  });

  it('honours CLOUDSDK_CONFIG first, on every platform', () => {
    expect(
      wellKnownFilePath({
        env: { CLOUDSDK_CONFIG: '/etc/gc', APPDATA: 'X' },
        platform: 'linux',
        homeDir: '/h',
      }),
    ).toBe('/etc/gc/application_default_credentials.json');
    expect(
      gcloudConfigDir({
        env: { CLOUDSDK_CONFIG: 'D:\\gc' },
        platform: 'win32',
        homeDir: 'C:\\Users\\joe',
      }),
    ).toBe('D:\\gc');
  });

  it('is %APPDATA%\\gcloud on Windows, else %SystemDrive%\\gcloud (default C:)', () => {
    expect(
      wellKnownFilePath({
        env: { APPDATA: 'C:\\Users\\joe\\AppData\\Roaming' },
        platform: 'win32',
        homeDir: 'C:\\Users\\joe',
      }),
    ).toBe('C:\\Users\\joe\\AppData\\Roaming\\gcloud\\application_default_credentials.json');
    expect(gcloudConfigDir({ env: { SystemDrive: 'E:' }, platform: 'win32', homeDir: '' })).toBe(
      'E:\\gcloud',
    );
    expect(gcloudConfigDir({ env: {}, platform: 'win32', homeDir: '' })).toBe('C:\\gcloud');
  });

  it('reads process defaults only when asked', () => {
    const resolved = resolveEnvironment({});
    expect(resolved.env).toBe(process.env);
    expect(resolved.platform).toBe(process.platform);
    expect(resolveEnvironment({ env: {}, homeDir: '/x', platform: 'win32' })).toEqual({
      env: {},
      homeDir: '/x',
      platform: 'win32',
    });
  });
});

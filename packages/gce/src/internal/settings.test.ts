import { thrownBy } from '@oauth2/test-kit';
import { describe, expect, it } from 'vitest';
import { MetadataError } from '../errors.js';
import { DEFAULT_PROBE_TIMEOUT_MS, readMetadataSettings } from './settings.js';

describe('readMetadataSettings', () => {
  it('defaults to metadata.google.internal, probes 169.254.169.254 for 3 s', () => {
    expect(readMetadataSettings({})).toEqual({
      host: 'metadata.google.internal',
      probeHost: '169.254.169.254',
      detection: 'probe',
      detectionReason: 'probe',
      probeTimeoutMs: 3000,
    });
    expect(DEFAULT_PROBE_TIMEOUT_MS).toBe(3000);
  });

  it('honours GCE_METADATA_HOST (also for the probe), GCE_METADATA_IP and GCE_METADATA_TIMEOUT', () => {
    expect(readMetadataSettings({ GCE_METADATA_HOST: '127.0.0.1:9' })).toMatchObject({
      host: '127.0.0.1:9',
      probeHost: '127.0.0.1:9',
    });
    expect(
      readMetadataSettings({
        GCE_METADATA_HOST: 'h:1',
        GCE_METADATA_IP: '10.0.0.1',
        GCE_METADATA_TIMEOUT: '0.5',
      }),
    ).toMatchObject({ host: 'h:1', probeHost: '10.0.0.1', probeTimeoutMs: 500 });
    expect(readMetadataSettings({ GCE_METADATA_HOST: '' }).host).toBe('metadata.google.internal');
  });

  it('lets explicit options win over the environment', () => {
    expect(
      readMetadataSettings(
        { GCE_METADATA_HOST: 'h:1', GCE_METADATA_TIMEOUT: '9' },
        { host: 'o:2', probeTimeoutMs: 50 },
      ),
    ).toMatchObject({ host: 'o:2', probeHost: 'o:2', probeTimeoutMs: 50 });
  });

  it.each([
    [{ NO_GCE_CHECK: 'True' }, 'none'],
    [{ NO_GCE_CHECK: 'true' }, 'probe'], // oauth2client compares with the exact string 'True'
    [{ METADATA_SERVER_DETECTION: 'none' }, 'none'],
    [{ METADATA_SERVER_DETECTION: 'NONE' }, 'none'],
    [{ METADATA_SERVER_DETECTION: 'assume-present' }, 'assume-present'],
    [{ METADATA_SERVER_DETECTION: 'ping-only' }, 'probe'],
  ])('reads the detection mode from %j', (env, mode) => {
    expect(readMetadataSettings(env).detection).toBe(mode);
  });

  it.each([
    { METADATA_SERVER_DETECTION: 'bios-only' },
    { GCE_METADATA_HOST: 'http://metadata.google.internal' },
    { GCE_METADATA_HOST: 'host/path' },
    { GCE_METADATA_HOST: 'user@host' },
    { GCE_METADATA_TIMEOUT: 'soon' },
    { GCE_METADATA_TIMEOUT: '-1' },
  ])('refuses %j with invalid_config', (env) => {
    thrownBy(() => readMetadataSettings(env), MetadataError, { code: 'metadata_invalid_config' });
  });
});

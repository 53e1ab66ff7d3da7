// Issue 9 for gce (IDs H7a-H7c): a service-account name is validated before it enters a metadata
// path, and GCE_METADATA_HOST / GCE_METADATA_IP accept host[:port] only. Real loopback server.

import { thrownBy } from '@oauth2/test-kit';
import { describe, expect, it } from 'vitest';
import { AppAssertionCredentials, MetadataClient, MetadataError } from '../src/index.js';
import { useMetadataServer } from './helpers.js';

const server = useMetadataServer();

describe('H7: metadata paths and hosts', () => {
  it.each(['..', '.', 'a..b@x', '.hidden@project.iam.gserviceaccount.com', 'sa@'])(
    'H7a the service account %j is refused when the credential is built',
    (serviceAccount) => {
      const err = thrownBy(
        () => new AppAssertionCredentials({ serviceAccount, env: server.env() }),
      );
      expect(err).toBeInstanceOf(MetadataError);
      expect(err).toMatchObject({ code: 'metadata_invalid_config' });
    },
  );

  it('H7b getToken with a dot-segment name sends nothing', async () => {
    const err = await new MetadataClient({ env: server.env() })
      .getToken('..')
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'metadata_invalid_config' });
    expect(server.count()).toBe(0);
  });

  it('H7b accepts default and e-mail names', () => {
    for (const serviceAccount of ['default', 'sa-1@my-project.iam.gserviceaccount.com']) {
      expect(
        new AppAssertionCredentials({ serviceAccount, env: server.env() }).serviceAccount,
      ).toBe(serviceAccount);
    }
  });

  it.each([
    { GCE_METADATA_HOST: 'x%41' },
    { GCE_METADATA_HOST: 'a;b' },
    { GCE_METADATA_HOST: "evil'host" },
    { GCE_METADATA_HOST: 'host:99999' },
    { GCE_METADATA_IP: 'user:pass@169.254.169.254' },
    { GCE_METADATA_IP: '169.254.169.254/x' },
  ])('H7c %j is refused: host[:port] only', (env) => {
    const err = thrownBy(() => new MetadataClient({ env }));
    expect(err).toBeInstanceOf(MetadataError);
    expect(err).toMatchObject({ code: 'metadata_invalid_config' });
  });

  it('H7c host:port and bracketed IPv6 still work', () => {
    expect(
      () => new MetadataClient({ env: { GCE_METADATA_HOST: '127.0.0.1:8080' } }),
    ).not.toThrow();
    expect(() => new MetadataClient({ env: { GCE_METADATA_IP: '[::1]:80' } })).not.toThrow();
  });
});

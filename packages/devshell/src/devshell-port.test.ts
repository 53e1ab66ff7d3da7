import { thrownBy } from '@oauth2/test-kit';
import { describe, expect, it } from 'vitest';
import { devshellPort } from './devshell-port.js';
import { DevshellError, NoDevshellServer } from './errors.js';

describe('devshellPort', () => {
  it('reads DEVSHELL_CLIENT_PORT when called', () => {
    expect(devshellPort({ DEVSHELL_CLIENT_PORT: '43210' })).toBe(43210);
    expect(devshellPort({ DEVSHELL_CLIENT_PORT: ' 8080 ' })).toBe(8080);
  });

  it.each([
    {},
    { DEVSHELL_CLIENT_PORT: '' },
    { DEVSHELL_CLIENT_PORT: '0' },
    { DEVSHELL_CLIENT_PORT: '000' },
  ])('throws NoDevshellServer for %j', (env) => {
    const err = thrownBy(() => devshellPort(env));
    expect(err).toBeInstanceOf(NoDevshellServer);
    expect((err as NoDevshellServer).code).toBe('no_devshell_server');
  });

  it.each(['abc', '-1', '70000', '1.5'])('refuses %s as invalid_port', (value) => {
    const err = thrownBy(() => devshellPort({ DEVSHELL_CLIENT_PORT: value }));
    expect(err).toBeInstanceOf(DevshellError);
    expect(err).not.toBeInstanceOf(NoDevshellServer);
    expect((err as DevshellError).code).toBe('invalid_port');
  });
});

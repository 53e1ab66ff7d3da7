import { thrownBy } from '@oauth2/test-kit';
import { describe, expect, it } from 'vitest';
import { CommunicationError } from '../errors.js';
import { parseCredentialInfo, parseHeader, REQUEST_BYTES } from './protocol.js';

const error = (fn: () => unknown) => thrownBy(fn, CommunicationError);

describe('devshell protocol (spec §11)', () => {
  it('sends exactly the 4 bytes 2\\n[]', () => {
    expect([...REQUEST_BYTES]).toEqual([0x32, 0x0a, 0x5b, 0x5d]);
  });

  it('parses the length prefix, waiting for more bytes while the header is incomplete', () => {
    expect(parseHeader(Buffer.from('43\n["joe'))).toEqual({ length: 43, headerBytes: 3 });
    expect(parseHeader(Buffer.from('99999\n'))).toEqual({ length: 99999, headerBytes: 6 });
    expect(parseHeader(Buffer.from('123'))).toBeUndefined();
    expect(parseHeader(Buffer.alloc(0))).toBeUndefined();
  });

  it.each([
    ['no newline in the first 6 bytes', '99999999\n[]', 'saw no newline in the first 6 bytes'],
    ['a non-numeric length', 'abc\n[]', 'decimal length'],
    ['an empty length', '\n[]', 'decimal length'],
    ['a signed length', '-1\n[]', 'decimal length'],
  ])('refuses %s', (_label, bytes, message) => {
    expect(error(() => parseHeader(Buffer.from(bytes))).message).toContain(message);
  });

  it('reads the PBLite indices: e-mail, project, token, expiry', () => {
    expect(parseCredentialInfo('["joe@example.com", "fooproj", "sometoken", 3600]')).toEqual({
      userEmail: 'joe@example.com',
      projectId: 'fooproj',
      accessToken: 'sometoken',
      expiresIn: 3600,
    });
  });

  it('gives undefined for a short list and ignores extra entries (parity)', () => {
    expect(parseCredentialInfo('["joe@example.com"]')).toEqual({
      userEmail: 'joe@example.com',
      projectId: undefined,
      accessToken: undefined,
      expiresIn: undefined,
    });
    expect(parseCredentialInfo('[null, "p", "t", null, "extra", 5]').accessToken).toBe('t');
  });

  it.each([
    ['not JSON', '["a"', 'not JSON'],
    ['not a list', '{"0": "a"}', 'not a list'],
    ['a number e-mail', '[1]', 'index 0'],
    ['a float expiry', '["a", "b", "c", 1.5]', 'index 3'],
    ['a string expiry', '["a", "b", "c", "3600"]', 'index 3'],
    ['a negative expiry', '["a", "b", "c", -1]', 'index 3'],
  ])('refuses a payload that is %s', (_label, payload, message) => {
    const err = error(() => parseCredentialInfo(payload));
    expect(err.message).toContain(message);
    expect(err.message).not.toContain(payload);
  });
});

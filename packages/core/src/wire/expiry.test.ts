import { describe, expect, it } from 'vitest';
import { formatExpiry, parseExpiry } from './expiry.js';

describe('token_expiry format (spec §1.1, §1.3, §17.3 item 3)', () => {
  it('formats UTC whole seconds with a Z', () => {
    expect(formatExpiry(new Date(Date.UTC(2016, 1, 1, 12, 0, 0, 987)))).toBe(
      '2016-02-01T12:00:00Z',
    );
  });

  it.each([
    ['2016-02-01T12:00:00Z', Date.UTC(2016, 1, 1, 12, 0, 0)],
    ['2016-2-1T1:2:3Z', Date.UTC(2016, 1, 1, 1, 2, 3)],
    ['2016-02-29T23:59:59Z', Date.UTC(2016, 1, 29, 23, 59, 59)],
  ])('parses %s', (text, ms) => {
    expect(parseExpiry(text)?.getTime()).toBe(ms);
  });

  it.each([
    null,
    undefined,
    '',
    'foobar',
    '2016-02-01 12:00:00',
    '2016-02-01T12:00:00.123Z',
    '2016-02-01T12:00:00',
    '2015-02-29T12:00:00Z',
    '2016-13-01T12:00:00Z',
    '2016-02-01T24:00:00Z',
    '2016-02-01T12:00:60Z',
    1454328000,
  ])('reads %j as no expiry', (value) => {
    expect(parseExpiry(value)).toBeNull();
  });
});

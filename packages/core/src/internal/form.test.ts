import { fixtureJson } from '@oauth2/test-kit';
import { describe, expect, it } from 'vitest';
import { formEncode, quotePlus } from './form.js';

describe('formEncode (Python urlencode / quote_plus)', () => {
  it('reproduces the refresh request vector (spec §2.1)', () => {
    const vectors = fixtureJson<{ refresh_request: { body: string } }>('v1.5.2-wire-vectors.json');
    expect(
      formEncode([
        ['grant_type', 'refresh_token'],
        ['client_id', 'some_client_id'],
        ['client_secret', 'cOuDdkfjxxnv+'],
        ['refresh_token', '1/0/a.df219fjls0'],
      ]),
    ).toBe(vectors.refresh_request.body);
  });

  it.each([
    [' ', '+'],
    ['~', '~'],
    ['*', '%2A'],
    ["!'()", '%21%27%28%29'],
    ['a-b_c.d', 'a-b_c.d'],
    ['é', '%C3%A9'],
    ['=&', '%3D%26'],
  ])('quotePlus(%j) = %j', (input, expected) => {
    expect(quotePlus(input)).toBe(expected);
  });

  it('leaves out null and undefined values instead of sending "None"', () => {
    expect(
      formEncode([
        ['a', '1'],
        ['b', null],
        ['c', undefined],
        ['d', ''],
      ]),
    ).toBe('a=1&d=');
  });
});

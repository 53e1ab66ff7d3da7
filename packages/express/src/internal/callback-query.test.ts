import { describe, expect, it } from 'vitest';
import { MAX_CALLBACK_QUERY, parseCallbackQuery } from './callback-query.js';

describe('parseCallbackQuery', () => {
  it('reads code, state, iss and errors', () => {
    expect(parseCallbackQuery('code=a%2Bb&state=s&iss=http%3A%2F%2Fop&other=1')).toEqual({
      code: 'a+b',
      state: 's',
      iss: 'http://op',
    });
    expect(parseCallbackQuery('error=access_denied&error_description=no+way')).toEqual({
      error: 'access_denied',
      errorDescription: 'no way',
    });
  });

  it('refuses a repeated parameter', () => {
    expect(parseCallbackQuery('code=a&state=1&state=2')).toBe('repeated');
  });

  it('refuses malformed percent-encoding', () => {
    expect(parseCallbackQuery('code=%E0%A4%A&state=s')).toBe('malformed');
    expect(parseCallbackQuery('code=%zz')).toBe('malformed');
  });

  it('refuses an oversized query', () => {
    expect(parseCallbackQuery(`code=${'a'.repeat(MAX_CALLBACK_QUERY)}`)).toBe('too_long');
  });
});

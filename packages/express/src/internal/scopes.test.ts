import { describe, expect, it } from 'vitest';
import { grants, missingScopes, scopeList } from './scopes.js';

describe('scopes', () => {
  it("counts Google's long names for email and profile as the short ones", () => {
    const granted = new Set(['openid', 'https://www.googleapis.com/auth/userinfo.email']);
    expect(grants(granted, 'email')).toBe(true);
    expect(grants(new Set(['email']), 'https://www.googleapis.com/auth/userinfo.email')).toBe(true);
    expect(grants(granted, 'profile')).toBe(false);
  });

  it('never reports openid or offline_access as missing', () => {
    expect(
      missingScopes(new Set(['email']), ['openid', 'offline_access', 'email', 'drive', 'drive']),
    ).toEqual(['drive']);
  });

  it('reads repeated and space-separated scopes query values', () => {
    expect(scopeList(['a b', 'c'])).toEqual(['a', 'b', 'c']);
    expect(scopeList('a')).toEqual(['a']);
    expect(scopeList(undefined)).toEqual([]);
    expect(scopeList({ evil: 1 })).toEqual([]);
  });
});

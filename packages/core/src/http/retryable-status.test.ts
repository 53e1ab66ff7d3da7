import { describe, expect, it } from 'vitest';
import { isRetryableStatus } from './retryable-status.js';

describe('isRetryableStatus', () => {
  it.each([408, 429, 500, 502, 503, 504, 599])('%s is retryable', (status) => {
    expect(isRetryableStatus(status)).toBe(true);
  });
  it.each([200, 301, 400, 401, 403, 404, 409, 499])('%s is not', (status) => {
    expect(isRetryableStatus(status)).toBe(false);
  });
});

// Issue 9 "Secrets and terminals": one sanitizer for server- and file-supplied text (IDs H9).
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadClientSecrets, parseClientSecrets } from '../client-secrets.js';
import { sanitizeServerText } from '../internal/token-endpoint.js';
import { sanitizeText } from './safe-text.js';

/** Nothing a terminal would act on survives: no C0, DEL, C1 or bidi control, so no ESC sequence. */
function inert(text: string): boolean {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: detecting them is the point
  return !/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/.test(text);
}

describe('H9: sanitizeText', () => {
  it('H9a escapes C0, DEL and C1 controls, so ESC and CSI sequences are neutralised', () => {
    const out = sanitizeText('red\u001b[31m\u009b2Jbell\u0007del\u007f');
    expect(out).toBe('red\\x1b[31m\\x9b2Jbell\\x07del\\x7f');
    expect(inert(out)).toBe(true);
  });

  it('H9b escapes bidi overrides and isolates (U+202A-202E, U+2066-2069)', () => {
    const out = sanitizeText('a\u202eb\u2066c\u2069d\u202ae');
    expect(out).toBe('a\\u202eb\\u2066c\\u2069d\\u202ae');
  });

  it('H9c caps the length (300 by default) without splitting a surrogate pair', () => {
    expect(sanitizeText('x'.repeat(1000))).toBe(`${'x'.repeat(300)}…`);
    const emoji = `${'x'.repeat(299)}\u{1f600}`;
    expect(sanitizeText(emoji)).toBe(`${'x'.repeat(299)}…`);
    expect(sanitizeText('abcdef', { maxLength: 3 })).toBe('abc…');
  });

  it('H9d server text in token-endpoint errors goes through it (C1 and bidi included)', () => {
    const out = sanitizeServerText('bad\u009b31m\u202egrant');
    expect(inert(out)).toBe(true);
    expect(out).toContain('\\x9b');
  });

  it('H9e a client type name from a file is escaped in the message', async () => {
    let message = '';
    try {
      parseClientSecrets({ 'we\u001b]0;pwned\u0007b': {} });
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toContain('Unknown client type: we\\x1b]0;pwned\\x07b.');
    expect(inert(message)).toBe(true);
    const dir = await mkdtemp(join(tmpdir(), 'oauth2-h9-'));
    try {
      const path = join(dir, 'cs.json');
      await writeFile(path, JSON.stringify({ ['\u202e'.repeat(3) + 'x'.repeat(500)]: {} }));
      const err = (await loadClientSecrets(path).catch((e: unknown) => e)) as Error;
      expect(inert(err.message)).toBe(true);
      expect(err.message.length).toBeLessThan(300);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

import { describe, expect, it } from 'vitest';
import { escapeHtml, page } from './html.js';

describe('html', () => {
  it('escapes the five characters that matter in content and quoted attributes', () => {
    expect(escapeHtml(`<a href="x" onclick='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
  });

  it('pages load nothing and escape their title', () => {
    const html = page('<t>', '<p>ok</p>');
    expect(html).toContain('<title>&lt;t&gt;</title>');
    expect(html).not.toMatch(/<script|<link|src=/);
  });
});

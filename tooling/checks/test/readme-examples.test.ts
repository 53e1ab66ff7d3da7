import { describe, expect, it } from 'vitest';
import { extractExamples, failingExamples } from '../src/readme-examples.js';

describe('README example extraction', () => {
  it('takes ts and js fences, not sh or others, with their line', () => {
    const md =
      'x\n```sh\nnpm i\n```\n```ts\nconst a: number = 1;\n```\ntext\n```js\nlet b;\n```\n```json\n{}\n```\n';
    expect(extractExamples('core', md)).toEqual([
      { id: 'core-1', lang: 'ts', line: 5, code: 'const a: number = 1;\n' },
      { id: 'core-2', lang: 'js', line: 9, code: 'let b;\n' },
    ]);
  });

  it('names the examples a compiler output blames', () => {
    const out =
      "storage-file-1.js(14,43): error TS2339: Property 'x' does not exist.\ncore-2.ts(1,1): error TS2304: Cannot find name 'y'.\n  core-3.ts is fine\n";
    expect([...failingExamples(out)].sort()).toEqual(['core-2', 'storage-file-1']);
  });
});

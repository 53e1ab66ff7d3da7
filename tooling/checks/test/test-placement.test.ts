import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { testPlacementViolations } from '../src/test-placement.js';
import { loadWorkspacePackages } from '../src/workspace.js';

const root = mkdtempSync(join(tmpdir(), 'placement-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function fakePackage(files: string[]): string {
  const dir = mkdtempSync(join(root, 'pkg-'));
  for (const f of files) {
    mkdirSync(join(dir, f, '..'), { recursive: true });
    writeFileSync(join(dir, f), '');
  }
  return dir;
}

describe('test placement rule', () => {
  it('accepts unit tests beside their module and anything in test/', () => {
    const dir = fakePackage([
      'src/a.ts',
      'src/a.test.ts',
      'src/x/b.ts',
      'src/x/b.test.ts',
      'test/flow.test.ts',
    ]);
    expect(testPlacementViolations(dir)).toEqual([]);
  });

  it('reports a src/ test with no module beside it, and a test vitest would never run', () => {
    const dir = fakePackage([
      'src/a.ts',
      'src/integration.test.ts',
      'tests/c.test.ts',
      'lib/d.test.ts',
    ]);
    const problems = testPlacementViolations(dir).sort();
    expect(problems).toHaveLength(3);
    expect(problems[0]).toMatch(/^lib\/d\.test\.ts: tests live in src\//);
    expect(problems[1]).toMatch(/^src\/integration\.test\.ts: .*src\/integration\.ts is missing/);
    expect(problems[2]).toMatch(/^tests\/c\.test\.ts: /);
  });

  it('holds for every package of the workspace', () => {
    const problems = loadWorkspacePackages().flatMap((p) =>
      testPlacementViolations(p.path).map((m) => `${p.dir}: ${m}`),
    );
    expect(problems).toEqual([]);
  });
});

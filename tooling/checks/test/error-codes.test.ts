import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  LockTimeoutError,
  type StorageWriteError,
  type TokenResponseError,
} from '@oauth2/core/errors';
import { type CommunicationError, NoDevshellServer } from '@oauth2/devshell';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { errorTableProblems } from '../src/error-code-table.js';
import { ERROR_CODE_TABLES } from '../src/error-codes.js';
import { errorTableMismatch, readmeErrorCodes } from '../src/readme-errors.js';
import { loadWorkspacePackages } from '../src/workspace.js';

// One closed code union per package (issue 11). The tables in src/error-codes.ts are typed
// `satisfies ErrorClassTable<Union>`: the typecheck fails when a code is added to a union without
// its class, or when a class listed for a code cannot carry it.
const publicPackages = loadWorkspacePackages().filter((p) => !p.manifest.private);
const coreCodes = Object.keys(ERROR_CODE_TABLES.core?.classOfCode ?? {});

describe('error-code unions', () => {
  it('every public package has one', () => {
    expect(Object.keys(ERROR_CODE_TABLES).sort()).toEqual(publicPackages.map((p) => p.dir).sort());
  });

  describe.each(Object.entries(ERROR_CODE_TABLES))('%s', (_dir, { exports, classOfCode }) => {
    it('lists each exported class at its own default code', () => {
      expect(errorTableProblems(exports, classOfCode)).toEqual([]);
    });

    it('uses one casing (snake_case)', () => {
      const codes = Object.keys(classOfCode);
      expect(codes.filter((code) => !/^[a-z][a-z0-9]*(_[a-z0-9]+)*$/.test(code))).toEqual([]);
    });
  });

  it('a value two packages use is core’s (one meaning, documented by core)', () => {
    const owners = new Map<string, string[]>();
    for (const [dir, { classOfCode }] of Object.entries(ERROR_CODE_TABLES)) {
      for (const code of Object.keys(classOfCode))
        owners.set(code, [...(owners.get(code) ?? []), dir]);
    }
    const shared = [...owners].filter(
      ([code, dirs]) => dirs.length > 1 && !coreCodes.includes(code),
    );
    expect(shared).toEqual([]);
  });

  it('switch (err.code) narrows to the class', () => {
    const advice = (
      err:
        | LockTimeoutError
        | StorageWriteError
        | TokenResponseError
        | NoDevshellServer
        | CommunicationError,
    ): string => {
      switch (err.code) {
        case 'lock_timeout':
          expectTypeOf(err).toEqualTypeOf<LockTimeoutError>();
          return 'retry later';
        case 'storage_write_failed':
          expectTypeOf(err).toEqualTypeOf<StorageWriteError>();
          return `disk: ${err.systemCode}`;
        case 'invalid_token_response':
          expectTypeOf(err).toEqualTypeOf<TokenResponseError>();
          return `field: ${err.field}`;
        case 'no_devshell_server':
          expectTypeOf(err).toEqualTypeOf<NoDevshellServer>();
          return 'not in Cloud Shell';
        case 'devshell_communication':
        case 'timeout':
          expectTypeOf(err).toEqualTypeOf<CommunicationError>();
          return 'retry';
        default:
          return err satisfies never;
      }
    };
    expect(advice(new LockTimeoutError('busy'))).toBe('retry later');
    expect(advice(new NoDevshellServer('unset'))).toBe('not in Cloud Shell');
  });
});

// Each README's "Errors" table lists every code of its package's union, and none that exists nowhere.
describe('README error tables', () => {
  it.each(publicPackages.map((p) => [p.dir, p.path] as const))('%s', (dir, path) => {
    const readme = readFileSync(join(path, 'README.md'), 'utf8');
    const listed = readmeErrorCodes(readme);
    expect(listed, `${dir}/README.md has no "## Errors" section`).toBeDefined();
    const union = Object.keys(ERROR_CODE_TABLES[dir]?.classOfCode ?? {});
    expect(errorTableMismatch(listed ?? [], union, coreCodes)).toEqual({
      missing: [],
      unknown: [],
      repeated: [],
    });
  });

  it('the parser reads the first column of the Errors table only', () => {
    const md =
      '# x\n## Options\n| `a` | b |\n## Errors\n| Code | Class |\n| --- | --- |\n| `lock_timeout` | `LockTimeoutError` |\n| `x_y` | X |\n## Next\n| `z` | z |\n';
    expect(readmeErrorCodes(md)).toEqual(['lock_timeout', 'x_y']);
    expect(readmeErrorCodes('# x\n')).toBeUndefined();
    expect(
      errorTableMismatch(['a', 'c', 'c', 'lock_timeout'], ['a', 'b'], ['lock_timeout']),
    ).toEqual({
      missing: ['b'],
      unknown: ['c'],
      repeated: ['c'],
    });
  });
});

import { describe, expect, it } from 'vitest';

/**
 * The per-package error-code test (issue 11): each package maps every code of its closed union
 * to the class that carries it, with `satisfies ErrorClassTable<TheUnion>`, so adding a code to
 * the union without a class (or listing a code the union does not have) fails to compile.
 * {@link CodesOutsideTheirClass} checks each class's `code` type includes the code it is listed
 * for, and {@link errorTableProblems} checks, at run time, that every exported class with its own
 * `defaultCode` is listed at that code. {@link errorCodeSuite} runs both in one line.
 */

/** An error class whose instances carry a `code` (any constructor signature). */
export type CodedErrorClass = abstract new (...args: never[]) => Error & { readonly code: string };

/** Every code of the union `C`, each mapped to the class that carries it. */
export type ErrorClassTable<C extends string> = Record<C, CodedErrorClass>;

/** The codes of a table whose class's `code` type does not include them (`never` when none). */
export type CodesOutsideTheirClass<T extends Record<string, CodedErrorClass>> = {
  [K in keyof T]: K extends InstanceType<T[K]>['code'] ? never : K;
}[keyof T];

/**
 * What is wrong between a module's exports and its code table: an exported error class whose own
 * `defaultCode` is not listed, or is listed with another class. Empty when all is well.
 */
export function errorTableProblems(
  moduleExports: Record<string, unknown>,
  table: Record<string, CodedErrorClass>,
): string[] {
  const problems: string[] = [];
  for (const [name, value] of Object.entries(moduleExports)) {
    if (typeof value !== 'function' || !(value.prototype instanceof Error)) continue;
    if (!Object.hasOwn(value, 'defaultCode')) continue;
    const code = (value as unknown as { defaultCode: string }).defaultCode;
    if (table[code] !== value) {
      problems.push(`${name}.defaultCode '${code}' is not listed with ${name} in the code table`);
    }
  }
  return problems;
}

/**
 * The error-code suite of a package: `errorCodeSuite('CryptErrorCode', crypt, { ... } satisfies
 * ErrorClassTable<CryptErrorCode>)`. Compiles only when every listed class's `code` type holds its
 * code; at run time, every exported class's own `defaultCode` must be listed with that class, and
 * every code must be snake_case.
 */
export function errorCodeSuite<T extends Record<string, CodedErrorClass>>(
  unionName: string,
  moduleExports: Record<string, unknown>,
  table: T &
    ([CodesOutsideTheirClass<T>] extends [never]
      ? unknown
      : { codesOutsideTheirClass: CodesOutsideTheirClass<T> }),
): void {
  describe(unionName, () => {
    it('lists each exported class at its own default code', () => {
      expect(errorTableProblems(moduleExports, table)).toEqual([]);
    });
    it('uses one casing (snake_case) for every code', () => {
      for (const code of Object.keys(table)) expect(code).toMatch(/^[a-z][a-z0-9]*(_[a-z0-9]+)*$/);
    });
  });
}

/**
 * The shape of a package's error-code table (issue 11): every code of the package's closed union
 * mapped to the class that carries it, written `{ ... } satisfies ErrorClassTable<TheUnion>`, so
 * a code added to the union without a class (or a listed code the union lacks) fails to compile.
 * {@link CodesOutsideTheirClass} checks each class's `code` type holds the code it is listed for;
 * {@link errorTableProblems} checks, at run time, that every exported class with its own
 * `defaultCode` is listed at that code.
 */

/** An error class whose instances carry a `code` (any constructor signature). */
export type CodedErrorClass = abstract new (...args: never[]) => Error & { readonly code: string };

/** Every code of the union `C`, each mapped to the class that carries it. */
export type ErrorClassTable<C extends string> = Record<C, CodedErrorClass>;

/** The codes of a table whose class's `code` type does not include them (`never` when none). */
export type CodesOutsideTheirClass<T extends Record<string, CodedErrorClass>> = {
  [K in keyof T]: K extends InstanceType<T[K]>['code'] ? never : K;
}[keyof T];

/** A package's closed code union, by name, with its table and the exports of its entry point. */
export interface PackageErrorCodes {
  union: string;
  exports: Record<string, unknown>;
  classOfCode: Record<string, CodedErrorClass>;
}

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

/** A table entry, checked at compile time: it type-checks only when every class holds its code. */
export function packageErrorCodes<T extends Record<string, CodedErrorClass>>(
  union: string,
  exports: Record<string, unknown>,
  classOfCode: T &
    ([CodesOutsideTheirClass<T>] extends [never]
      ? unknown
      : { codesOutsideTheirClass: CodesOutsideTheirClass<T> }),
): PackageErrorCodes {
  return { union, exports, classOfCode };
}

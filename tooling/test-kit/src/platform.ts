/**
 * True on POSIX systems (file modes, symlinks, FIFOs and `chown` behave as the tests expect);
 * false on Windows. For `it.runIf(posix)`.
 */
export const posix: boolean = process.platform !== 'win32';

/** True when the tests run as root (root ignores file modes, so some refusals cannot be seen). */
export const isRoot: boolean = posix && process.getuid?.() === 0;

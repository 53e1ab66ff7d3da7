// Plain JavaScript (worker processes import it too): fault injection into core's `CredentialFs`.

/**
 * A file handle that forwards every call to `handle` (a `CredentialFileHandle` of core's
 * `CredentialFs`) except those given in `overrides`: the place to inject a full disk, a crash or
 * a pause into one step of an atomic write.
 */
export function wrapHandle(handle, overrides = {}) {
  return {
    stat: () => handle.stat(),
    read: (buffer, offset, length, position) => handle.read(buffer, offset, length, position),
    chmod: (mode) => handle.chmod(mode),
    sync: () => handle.sync(),
    close: () => handle.close(),
    writeFile: (data) => handle.writeFile(data),
    ...overrides,
  };
}

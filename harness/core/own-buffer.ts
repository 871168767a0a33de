/** Typed arrays made to span a buffer of their own before they are sent to another thread. */

/**
 * `a` itself when it spans its whole buffer, else a copy: structured clone sends a view's whole buffer (a column
 * read from a file is a view into the file's bytes), so a view is copied first to send only its own elements.
 * @example ownBuffer(fileBytes.subarray(8, 16)).buffer.byteLength === 8
 */
export function ownBuffer<T extends { byteOffset: number; byteLength: number; buffer: ArrayBufferLike; slice: () => T }>(a: T): T {
  return a.byteOffset === 0 && a.byteLength === a.buffer.byteLength ? a : a.slice();
}

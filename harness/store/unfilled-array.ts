/**
 * Typed arrays whose memory is not zeroed first, for outputs whose every element is written before any is read (the
 * column conversions of readSearches: each row written, nulls included). A zeroed array costs a pass over memory that
 * is then written again, and the pass fell on the main thread while the addon's threads waited for their outputs.
 */

let poison = false;

/**
 * For tests: fill every unfilled array made from now on with bytes 0xA5 (a double of -2.4e-106, an Int32 of
 * -1515870811, an Int8 of -91, none of which a conversion writes), so that an element left unwritten shows.
 */
export function poisonUnfilled(on: boolean): void {
  poison = on;
}

function unfilledBytes(length: number): Buffer {
  const bytes = Buffer.allocUnsafeSlow(length);
  return poison ? bytes.fill(0xa5) : bytes;
}

/** n doubles, not initialised: the caller writes every element before reading one. */
export function unfilledFloat64(n: number): Float64Array {
  const bytes = unfilledBytes(n * Float64Array.BYTES_PER_ELEMENT);
  return new Float64Array(bytes.buffer, bytes.byteOffset, n);
}

/** n 32-bit integers, not initialised: the caller writes every element before reading one. */
export function unfilledInt32(n: number): Int32Array {
  const bytes = unfilledBytes(n * Int32Array.BYTES_PER_ELEMENT);
  return new Int32Array(bytes.buffer, bytes.byteOffset, n);
}

/** n 8-bit integers, not initialised: the caller writes every element before reading one. */
export function unfilledInt8(n: number): Int8Array {
  const bytes = unfilledBytes(n);
  return new Int8Array(bytes.buffer, bytes.byteOffset, n);
}

/**
 * String keys of an Arrow column hashed from their UTF-8 bytes, never decoded to JavaScript strings: factorising
 * a million ids costs one pass over their bytes. Used for search ids (uniqueness, joining candidates to searches)
 * and subject ids (clusters).
 */
import { DataType, type Data, type Vector } from 'apache-arrow';
import { InputError } from '../core/input-error.ts';

/** A string column as one byte buffer with row offsets; a null row has offset[i] === -1 at `nulls`. */
interface Utf8Bytes {
  bytes: Uint8Array;
  /** Row i is bytes[start[i], start[i+1]). */
  start: Int32Array;
  valid: Uint8Array;
}

/** Keys of one column, factorised: `codes[i]` numbers the distinct key of row i (0, 1, ... by first appearance; -1 null). */
export class StringKeys {
  readonly length: number;
  readonly codes: Int32Array;
  /** Row where each distinct key first appears (index = code). */
  readonly firstRow: Int32Array;
  readonly distinct: number;
  private readonly data: Utf8Bytes;
  private readonly table: Int32Array;
  private readonly mask: number;

  /** @throws InputError when the column is not a string column. */
  constructor(vector: Vector, file: string, name: string) {
    const data = toBytes(vector, file, name);
    const n = vector.length;
    let size = 1024;
    while (size < n * 2) size *= 2;
    const mask = size - 1;
    const table = new Int32Array(size).fill(-1);
    const codes = new Int32Array(n);
    const first = new Int32Array(n);
    let distinct = 0;
    const { bytes, start, valid } = data;
    for (let i = 0; i < n; i++) {
      if (valid[i] === 0) { codes[i] = -1; continue; }
      const a = start[i] as number;
      const b = start[i + 1] as number;
      let slot = hash(bytes, a, b) & mask;
      for (;;) {
        const code = table[slot] as number;
        if (code < 0) {
          table[slot] = distinct;
          first[distinct] = i;
          codes[i] = distinct++;
          break;
        }
        if (sameBytes(bytes, start, first[code] as number, bytes, a, b)) {
          codes[i] = code;
          break;
        }
        slot = (slot + 1) & mask;
      }
    }
    this.data = data;
    this.length = n;
    this.mask = mask;
    this.table = table;
    this.codes = codes;
    this.firstRow = first.subarray(0, distinct);
    this.distinct = distinct;
  }

  /** The code, in this column's keys, of row `row` of `other`; -1 when absent or null. */
  find(other: StringKeys, row: number): number {
    const d = other.data;
    if (d.valid[row] === 0) return -1;
    const a = d.start[row] as number;
    const b = d.start[row + 1] as number;
    let slot = hash(d.bytes, a, b) & this.mask;
    for (;;) {
      const code = this.table[slot] as number;
      if (code < 0) return -1;
      if (sameBytes(this.data.bytes, this.data.start, this.firstRow[code] as number, d.bytes, a, b)) return code;
      slot = (slot + 1) & this.mask;
    }
  }

  /** The string of row `row` (decoded on demand, for messages and labels). */
  text(row: number): string | null {
    if (this.data.valid[row] === 0) return null;
    return decoder.decode(this.data.bytes.subarray(this.data.start[row], this.data.start[row + 1]));
  }

  /** Labels of the distinct keys, in code order (decodes each distinct key once). */
  labels(): string[] {
    return Array.from(this.firstRow, (row) => this.text(row) ?? '');
  }
}

/** Whether row `row` of (bytes, start) equals other[a, b). */
function sameBytes(bytes: Uint8Array, start: Int32Array, row: number, other: Uint8Array, a: number, b: number): boolean {
  const x = start[row] as number;
  const y = start[row + 1] as number;
  if (y - x !== b - a) return false;
  for (let k = 0; k < b - a; k++) if (bytes[x + k] !== other[a + k]) return false;
  return true;
}

const decoder = new TextDecoder();
const encoder = new TextEncoder();

/** FNV-1a over a byte range. */
function hash(bytes: Uint8Array, a: number, b: number): number {
  let h = 0x811c9dc5;
  for (let k = a; k < b; k++) h = Math.imul(h ^ (bytes[k] as number), 0x01000193);
  return (h ^ (h >>> 15)) >>> 0;
}

function toBytes(vector: Vector, file: string, name: string): Utf8Bytes {
  const n = vector.length;
  const start = new Int32Array(n + 1);
  const valid = new Uint8Array(n).fill(1);
  const chunks: Uint8Array[] = [];
  let total = 0;
  let at = 0;
  for (const data of vector.data as Data<DataType>[]) {
    const type = data.type;
    if (DataType.isUtf8(type) && data.valueOffsets !== undefined) {
      const offsets = data.valueOffsets as Int32Array;
      const values = data.values as Uint8Array;
      const base = offsets[0] as number;
      const end = offsets[data.length] as number;
      for (let i = 0; i < data.length; i++) {
        start[at + i] = total + (offsets[i] as number) - base;
        if (data.nullCount > 0 && !data.getValid(i)) valid[at + i] = 0;
      }
      chunks.push(values.subarray(base, end));
      total += end - base;
    } else if (DataType.isDictionary(type) || DataType.isLargeUtf8(type)) {
      // Rare in contract files: decode through Arrow and re-encode.
      for (let i = 0; i < data.length; i++) {
        start[at + i] = total;
        const value: unknown = vector.get(at + i);
        if (typeof value !== 'string') { valid[at + i] = 0; continue; }
        const encoded = encoder.encode(value);
        chunks.push(encoded);
        total += encoded.length;
      }
    } else {
      throw new InputError(file, [{ path: `column ${name}`, expected: 'a string column', got: String(type.typeId) }]);
    }
    at += data.length;
  }
  start[n] = total;
  const bytes = new Uint8Array(total);
  let off = 0;
  for (const c of chunks) { bytes.set(c, off); off += c.length; }
  return { bytes, start, valid };
}

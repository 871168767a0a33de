/**
 * String keys of an Arrow column hashed from their UTF-8 bytes, never decoded to JavaScript strings: factorising
 * a million ids costs one pass over their bytes. Used for search ids (uniqueness, joining candidates to searches)
 * and subject ids (clusters).
 */
import { DataType, Vector, type Data } from 'apache-arrow';
import { InputError } from '../core/input-error.ts';
import { ownBuffer as own } from '../core/own-buffer.ts';
import { addonFor, type Engine } from '../native/index.ts';

/** A string column as one byte buffer with row offsets; a null row has offset[i] === -1 at `nulls`. */
export interface Utf8Bytes {
  bytes: Uint8Array;
  /** Row i is bytes[start[i], start[i+1]). */
  start: Int32Array;
  valid: Uint8Array;
}

/** A string column as one UTF-8 byte buffer with row offsets, never decoded except a row at a time (for messages). */
export class StringColumn {
  readonly length: number;
  readonly utf8: Utf8Bytes;

  /** @throws InputError when the column is not a string column. */
  constructor(source: Vector | StringKeysParts, file: string, name: string) {
    this.utf8 = source instanceof Vector ? toBytes(source, file, name) : source.utf8;
    this.length = this.utf8.valid.length;
  }

  /** The string of row `row` (decoded on demand, for messages and labels). */
  text(row: number): string | null {
    if (this.utf8.valid[row] === 0) return null;
    return decoder.decode(this.utf8.bytes.subarray(this.utf8.start[row], this.utf8.start[row + 1]));
  }
}

/** Keys of one column, factorised: `codes[i]` numbers the distinct key of row i (0, 1, ... by first appearance; -1 null). */
export class StringKeys extends StringColumn {
  readonly distinct: number;
  /** The codes, and the first rows, once made (null: every key distinct, row i's code is i, made when first read). */
  private madeCodes: Int32Array | null = null;
  private madeFirstRow: Int32Array | null = null;
  /**
   * Open addressing, linear probing: code + 1 of the key in each slot (0 = empty), at most half full; built when
   * first needed when the keys were shown distinct without it (sorted runs).
   */
  private table: Int32Array | null = null;
  private mask = 0;
  /** Hash of each distinct key (index = code), compared before the bytes. */
  private hashes: Uint32Array = new Uint32Array(0);

  /**
   * Factorises a string column, or takes back keys already factorised (`parts()` of keys sent to another thread).
   * With `engine` 'fastest', keys expected to be distinct (search ids) are first shown distinct by the native addon
   * (searches-scan.c), when the column has no null; the codes are the same either way.
   * @throws InputError when the column is not a string column.
   */
  constructor(source: Vector | StringKeysParts, file: string, name: string, engine: Engine = 'typescript') {
    super(source, file, name);
    if (!(source instanceof Vector)) {
      this.madeCodes = source.codes;
      this.madeFirstRow = source.firstRow;
      this.distinct = source.distinct;
      return;
    }
    const n = this.length;
    const addon = addonFor(engine);
    const { start, bytes, valid } = this.utf8;
    const allValid = addon !== null && valid.indexOf(0) < 0;
    if ((allValid && addon.distinctUtf8(start, bytes)) || distinctBySortedRuns(this.utf8)) {
      // every key distinct (ids written in a few sorted runs): each row is its own code, no hashing needed
      this.distinct = n;
      return;
    }
    const { codes, first, distinct } = this.factorise();
    this.madeCodes = codes;
    this.madeFirstRow = first.subarray(0, distinct);
    this.distinct = distinct;
  }

  /** `codes[i]` numbers the distinct key of row i (see the class). */
  get codes(): Int32Array {
    return (this.madeCodes ??= rowCodes(this.length));
  }

  /** Row where each distinct key first appears (index = code). */
  get firstRow(): Int32Array {
    return (this.madeFirstRow ??= this.codes);
  }

  /**
   * The keys of a string column already shown to have no null and no key twice (by distinctUtf8Begin/End): each row is
   * its own code, as the constructor would find.
   * @throws InputError when the column is not a string column.
   */
  static ofDistinct(vector: Vector, file: string, name: string): StringKeys {
    const utf8 = toBytes(vector, file, name);
    return new StringKeys({ utf8, codes: null, firstRow: null, distinct: utf8.valid.length }, file, name);
  }

  /** Codes by hashing: a key repeated on consecutive rows takes the previous row's code unhashed. */
  private factorise(): { codes: Int32Array; first: Int32Array; distinct: number } {
    const n = this.length;
    const { bytes, start, valid } = this.utf8;
    let table = this.emptyTable(1024, n);
    const codes = new Int32Array(n);
    const first = new Int32Array(n);
    let distinct = 0;
    for (let i = 0; i < n; i++) {
      if (valid[i] === 0) { codes[i] = -1; continue; }
      const a = start[i] as number;
      const b = start[i + 1] as number;
      if (i > 0 && valid[i - 1] === 1 && sameBytes(bytes, start, i - 1, bytes, a, b)) {
        codes[i] = codes[i - 1] as number;
        continue;
      }
      const h = hash(bytes, a, b);
      let slot = h & this.mask;
      for (;;) {
        const code = (table[slot] as number) - 1;
        if (code < 0) {
          table[slot] = distinct + 1;
          this.hashes[distinct] = h;
          first[distinct] = i;
          codes[i] = distinct++;
          if (distinct * 2 > table.length) table = this.rehash(table.length * 2, distinct);
          break;
        }
        if (this.hashes[code] === h && sameBytes(bytes, start, first[code] as number, bytes, a, b)) {
          codes[i] = code;
          break;
        }
        slot = (slot + 1) & this.mask;
      }
    }
    return { codes, first, distinct };
  }

  /** A fresh table of `size` slots, with room for the hashes of `keys` keys. */
  private emptyTable(size: number, keys: number): Int32Array {
    this.table = new Int32Array(size);
    this.mask = size - 1;
    if (this.hashes.length < keys) this.hashes = new Uint32Array(keys);
    return this.table;
  }

  /** A table of `size` slots holding the first `distinct` keys, by their stored hashes. */
  private rehash(size: number, distinct: number): Int32Array {
    const table = new Int32Array(size);
    const mask = size - 1;
    for (let code = 0; code < distinct; code++) {
      let slot = (this.hashes[code] as number) & mask;
      while (table[slot] !== 0) slot = (slot + 1) & mask;
      table[slot] = code + 1;
    }
    this.table = table;
    this.mask = mask;
    return table;
  }

  /** The hash table, built from the distinct keys when the constructor did without one. */
  private lookupTable(): Int32Array {
    if (this.table !== null) return this.table;
    let size = 1024;
    while (size < this.distinct * 2) size *= 2;
    this.emptyTable(size, this.distinct);
    const { bytes, start } = this.utf8;
    for (let code = 0; code < this.distinct; code++) {
      const row = this.firstRow[code] as number;
      this.hashes[code] = hash(bytes, start[row] as number, start[row + 1] as number);
    }
    return this.rehash(size, this.distinct);
  }

  /**
   * The code, in this column's keys, of row `row` of `other`; -1 when absent or null. `hint` is a row of this column
   * likely to hold the same key (tables written in the same order): it and the next three rows are compared first,
   * before any hashing.
   */
  find(other: StringColumn, row: number, hint = -1): number {
    const d = other.utf8;
    if (d.valid[row] === 0) return -1;
    const a = d.start[row] as number;
    const b = d.start[row + 1] as number;
    const mine = this.utf8;
    // the hinted row, or one of the few after it (a search with no candidate leaves a gap)
    for (let r = hint; r >= 0 && r < hint + HINT_SPAN && r < this.length; r++) {
      if (mine.valid[r] === 1 && sameBytes(mine.bytes, mine.start, r, d.bytes, a, b)) return this.codes[r] as number;
    }
    const table = this.lookupTable();
    const h = hash(d.bytes, a, b);
    let slot = h & this.mask;
    for (;;) {
      const code = (table[slot] as number) - 1;
      if (code < 0) return -1;
      if (this.hashes[code] === h && sameBytes(mine.bytes, mine.start, this.firstRow[code] as number, d.bytes, a, b)) return code;
      slot = (slot + 1) & this.mask;
    }
  }

  /**
   * The code, in these keys, of every row of `other` (-1 when absent or null). Rows that repeat the previous row's
   * key, or hold the key of the row after the previous match (two tables written in the same order), are matched
   * without hashing. With `engine` 'fastest' the loop runs in the native addon (match-keys.c), with the same codes.
   */
  lookup(other: StringColumn, engine: Engine = 'fastest'): Int32Array {
    const out = new Int32Array(other.length);
    const d = other.utf8;
    const addon = addonFor(engine);
    if (addon !== null) {
      // the same steps in C (match-keys.c), over the table built here
      const table = this.lookupTable();
      const { start, bytes, valid } = this.utf8;
      addon.matchKeys({ start, bytes, valid, codes: this.codes, firstRow: this.firstRow, table, hashes: this.hashes }, d, out);
      return out;
    }
    let hint = 0;
    for (let i = 0; i < other.length; i++) {
      if (i > 0 && d.valid[i] === 1 && d.valid[i - 1] === 1 && sameBytes(d.bytes, d.start, i - 1, d.bytes, d.start[i] as number, d.start[i + 1] as number)) {
        out[i] = out[i - 1] as number;
        continue;
      }
      const code = this.find(other, i, hint);
      out[i] = code;
      if (code >= 0) hint = (this.firstRow[code] as number) + 1;
    }
    return out;
  }

  /**
   * The keys as plain typed arrays of their own (no view into a file's buffer), to send to a worker thread and take
   * back there with `new StringKeys(parts, file, name)`; the hash table is rebuilt there when first needed.
   */
  parts(): StringKeysParts {
    const { bytes, start, valid } = this.utf8;
    const { madeCodes, madeFirstRow } = this;
    return {
      utf8: { bytes: own(bytes), start: own(start), valid: own(valid) },
      codes: madeCodes === null ? null : own(madeCodes), firstRow: madeFirstRow === null ? null : own(madeFirstRow), distinct: this.distinct,
    };
  }

  /** Labels of the distinct keys, in code order (decodes each distinct key once). */
  labels(): string[] {
    return Array.from(this.firstRow, (row) => this.text(row) ?? '');
  }
}

/** Factorised keys as plain typed arrays (StringKeys.parts). */
export interface StringKeysParts {
  utf8: Utf8Bytes;
  /** null (both): every key distinct, row i's code is i. */
  codes: Int32Array | null;
  firstRow: Int32Array | null;
  distinct: number;
}

/** 0, 1, ..., n - 1: the codes of n distinct keys. */
function rowCodes(n: number): Int32Array {
  const codes = new Int32Array(n);
  for (let i = 0; i < n; i++) codes[i] = i;
  return codes;
}

/** Rows from the hint on that `find` compares before hashing. */
const HINT_SPAN = 4;

/** Most sorted runs for which distinctness is checked by merging them rather than by hashing. */
const MAX_RUNS = 8;

/**
 * True when the rows (none null) form at most MAX_RUNS runs in strictly increasing byte order and no key appears in
 * two runs (checked by merging the runs): then every key is distinct, shown with sequential reads only.
 */
function distinctBySortedRuns(d: Utf8Bytes): boolean {
  const n = d.valid.length;
  const { bytes, start, valid } = d;
  const runs: number[] = [0];
  if (n > 0 && valid[0] === 0) return false;
  // compareRows(d, i - 1, i) >= 0, inlined: this loop reads every id once
  for (let i = 1; i < n; i++) {
    if (valid[i] === 0) return false;
    const a = start[i - 1] as number;
    const b = start[i] as number;
    const la = (start[i] as number) - a;
    const lb = (start[i + 1] as number) - b;
    const m = la < lb ? la : lb;
    let k = 0;
    while (k < m && bytes[a + k] === bytes[b + k]) k++;
    if (k < m ? (bytes[a + k] as number) > (bytes[b + k] as number) : la >= lb) {
      runs.push(i);
      if (runs.length > MAX_RUNS) return false;
    }
  }
  if (runs.length === 1) return true;
  // runs whose key ranges do not overlap (ids with different prefixes) share no key: the runs, in order of their
  // first keys, fall into groups of overlapping ranges, and only the runs of one group are merged with each other
  const order = runs.map((from, r) => ({ from, end: runs[r + 1] ?? n })).sort((x, y) => compareRows(d, x.from, y.from));
  let group: { from: number; end: number }[] = [];
  let groupLast = -1;
  for (const run of order) {
    if (groupLast >= 0 && compareRows(d, groupLast, run.from) < 0) {
      if (!mergedDistinct(d, group)) return false;
      group = [];
    }
    group.push(run);
    if (groupLast < 0 || compareRows(d, groupLast, run.end - 1) < 0) groupLast = run.end - 1;
  }
  return mergedDistinct(d, group);
}

/**
 * Whether the sorted runs [from, end) of `d` share no key, by merging them: a key in two runs meets its twin at the
 * head of another run when it is the smallest head, and choosing the smallest head compares the two.
 */
function mergedDistinct(d: Utf8Bytes, runs: readonly { from: number; end: number }[]): boolean {
  if (runs.length < 2) return true;
  const head = Int32Array.from(runs, (r) => r.from);
  const end = Int32Array.from(runs, (r) => r.end);
  const k = head.length;
  for (;;) {
    let best = -1;
    for (let r = 0; r < k; r++) {
      if ((head[r] as number) >= (end[r] as number)) continue;
      if (best < 0) { best = r; continue; }
      const c = compareRows(d, head[r] as number, head[best] as number);
      if (c === 0) return false;
      if (c < 0) best = r;
    }
    if (best < 0) return true;
    (head[best] as number)++;
  }
}

/** Byte-wise order of rows x and y of `d`: negative, 0 or positive. */
function compareRows(d: Utf8Bytes, x: number, y: number): number {
  const { bytes, start } = d;
  const a = start[x] as number;
  const b = start[y] as number;
  const la = (start[x + 1] as number) - a;
  const lb = (start[y + 1] as number) - b;
  const m = la < lb ? la : lb;
  for (let k = 0; k < m; k++) {
    const diff = (bytes[a + k] as number) - (bytes[b + k] as number);
    if (diff !== 0) return diff;
  }
  return la - lb;
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
  const only = vector.data.length === 1 ? vector.data[0] : undefined;
  const offsets: unknown = only?.valueOffsets;
  const values: unknown = only?.values;
  if (only !== undefined && DataType.isUtf8(only.type) && only.nullCount === 0 && offsets instanceof Int32Array && offsets[0] === 0 && values instanceof Uint8Array) {
    // one chunk without nulls: its buffers are used as they are
    return { bytes: values, start: offsets.subarray(0, n + 1), valid: new Uint8Array(n).fill(1) };
  }
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

/** Column readers for Arrow tables written by any tool: numbers of any width, strings or dictionaries, booleans. */
import { DataType, Precision, Type, type Data, type Table, type Vector } from 'apache-arrow';
import { InputError } from '../core/input-error.ts';
import { StringKeys } from './string-keys.ts';
import { addonFor, type Engine } from '../native/index.ts';
import { unfilledInt32 } from './unfilled-array.ts';

/** A numeric column as doubles (NaN = null), and whether it was stored as 32-bit floats. */
export interface NumberColumn {
  values: Float64Array;
  float32: boolean;
  /** Rows whose value is a stored NaN (not a null): an error in a score, never a missing value. At most 20 listed. */
  nanRows: number[];
  /** How many rows hold a stored NaN. */
  nanCount: number;
}

/** Rows with a stored NaN listed by readNumbers (the count goes on). */
const MAX_NAN_ROWS = 20;

/** A string column factorised: codes index into labels; -1 is null. */
export interface CategoryColumn {
  codes: Int32Array;
  labels: string[];
  /** label -> code. */
  index: Map<string, number>;
}

/** The column `name` of `table`, or null when absent. */
export function column(table: Table, name: string): Vector | null {
  return table.schema.fields.some((f) => f.name === name) ? table.getChild(name) : null;
}

/** Calls `f` with each null row of `data` (its index within `data`), skipping bitmap bytes with no null. */
function forEachNull(data: Data<DataType>, f: (i: number) => void): void {
  const bitmap = data.nullBitmap;
  if (data.nullCount === 0 || bitmap === undefined || bitmap.length === 0) return;
  const n = data.length;
  const off = data.offset;
  for (let i = 0; i < n;) {
    const bit = off + i;
    if ((bit & 7) === 0 && i + 8 <= n && bitmap[bit >> 3] === 255) {
      i += 8;
      continue;
    }
    if ((((bitmap[bit >> 3] ?? 0) >> (bit & 7)) & 1) === 0) f(i);
    i++;
  }
}

/** The validity of every row of `data` as bytes (1 = present), read from its null bitmap once. */
function validityBits(data: Data<DataType>): Uint8Array {
  const out = new Uint8Array(data.length).fill(1);
  const bitmap = data.nullBitmap;
  if (data.nullCount === 0 || bitmap === undefined || bitmap.length === 0) return out;
  for (let i = 0; i < data.length; i++) {
    const bit = data.offset + i;
    out[i] = ((bitmap[bit >> 3] ?? 0) >> (bit & 7)) & 1;
  }
  return out;
}

function isValid(data: Data<DataType>, i: number): boolean {
  if (data.nullCount === 0 || data.nullBitmap === undefined || data.nullBitmap.length === 0) return true;
  const bit = data.offset + i;
  return ((data.nullBitmap[bit >> 3] ?? 0) & (1 << (bit & 7))) !== 0;
}

/** The validity bitmap of `data` as the native loops take it: null when every row is present. */
function bitmapOf(data: Data<DataType>): Uint8Array | null {
  const bitmap = data.nullBitmap;
  return data.nullCount === 0 || bitmap === undefined || bitmap.length === 0 ? null : bitmap;
}

/**
 * Reads a numeric column (any int or float width, 64-bit ints included) into doubles, NaN for null; stored NaN
 * values (which are not nulls) are listed in `nanRows` so callers can refuse them by row. With `engine` 'fastest',
 * 64- and 32-bit floats and 32-bit integers are converted by the native addon (searches-scan.c; the same values).
 * @throws InputError when the column holds something else than numbers.
 */
export function readNumbers(vector: Vector, file: string, name: string, engine: Engine = 'fastest'): NumberColumn {
  const out = new Float64Array(vector.length);
  const addon = addonFor(engine);
  let float32 = false;
  let at = 0;
  const nanRows: number[] = [];
  let nanCount = 0;
  for (const data of vector.data as Data<DataType>[]) {
    const type = data.type;
    if (!DataType.isInt(type) && !DataType.isFloat(type)) {
      throw new InputError(file, [{ path: `column ${name}`, expected: 'a numeric column', got: typeName(type) }]);
    }
    if (DataType.isFloat(type) && type.precision === Precision.SINGLE) float32 = true;
    const values: unknown = data.values;
    if (addon !== null && (values instanceof Float64Array || values instanceof Float32Array || values instanceof Int32Array) && values.length >= data.length
      && addon.toDoubles(values, bitmapOf(data), data.offset, out.subarray(at, at + data.length)) === 0) {
      // converted, nulls made NaN, and no stored NaN to list
      at += data.length;
      continue;
    }
    if (values instanceof BigInt64Array || values instanceof BigUint64Array) {
      for (let i = 0; i < data.length; i++) out[at + i] = isValid(data, i) ? Number(values[i]) : NaN;
    } else if (values instanceof Float64Array || values instanceof Float32Array || values instanceof Int32Array || values instanceof Uint32Array
      || values instanceof Int16Array || values instanceof Uint16Array || values instanceof Int8Array || values instanceof Uint8Array) {
      // converted to doubles by the typed array's own copy (exact for every one of these types)
      out.set(values.subarray(0, data.length), at);
    }
    if (DataType.isFloat(type)) {
      // a NaN in a row that is not null is a stored NaN (the slot of a null may hold anything)
      for (let i = 0; i < data.length; i++) {
        const v = out[at + i] as number;
        if (v === v || !isValid(data, i)) continue;
        if (nanRows.length < MAX_NAN_ROWS) nanRows.push(at + i);
        nanCount++;
      }
    }
    forEachNull(data, (i) => { out[at + i] = NaN; });
    at += data.length;
  }
  return { values: out, float32, nanRows, nanCount };
}

/**
 * Reads a string column (Utf8 or dictionary of Utf8) into codes and labels, without building one string per row
 * when it is dictionary-encoded. With `engine` 'fastest', 32-bit dictionary keys are mapped by the native addon
 * (searches-scan.c; the same codes).
 * @throws InputError when the column holds something else than strings.
 */
export function readCategories(vector: Vector, file: string, name: string, engine: Engine = 'fastest'): CategoryColumn {
  // every row written below, chunk by chunk (nulls as -1)
  const codes = unfilledInt32(vector.length);
  const addon = addonFor(engine);
  const labels: string[] = [];
  const index = new Map<string, number>();
  const codeOf = (label: string): number => {
    let c = index.get(label);
    if (c === undefined) {
      c = labels.length;
      labels.push(label);
      index.set(label, c);
    }
    return c;
  };
  let at = 0;
  for (const data of vector.data as Data<DataType>[]) {
    const type = data.type;
    if (DataType.isDictionary(type)) {
      const dict = data.dictionary;
      const dictCodes = dict === undefined ? [] : dictionaryLabels(dict).map((label) => (label === null ? -1 : codeOf(label)));
      const keys = data.values as ArrayLike<number | bigint>;
      const lookup = Int32Array.from(dictCodes);
      if (addon !== null && keys instanceof Int32Array && keys.length >= data.length) {
        // the same codes, by the native addon (searches-scan.c)
        addon.dictionaryCodes(keys.subarray(0, data.length), bitmapOf(data), data.offset, lookup, codes.subarray(at, at + data.length));
      } else if (!(keys instanceof BigInt64Array || keys instanceof BigUint64Array)) {
        const k32 = keys as ArrayLike<number>;
        for (let i = 0; i < data.length; i++) codes[at + i] = lookup[k32[i] as number] ?? -1;
        // nulls from the validity bitmap afterwards, a byte (eight rows) at a time
        if (data.nullCount > 0) forEachNull(data, (i) => { codes[at + i] = -1; });
      } else {
        for (let i = 0; i < data.length; i++) codes[at + i] = isValid(data, i) ? (lookup[Number(keys[i])] ?? -1) : -1;
      }
    } else if (DataType.isUtf8(type) || DataType.isLargeUtf8(type)) {
      // Plain strings: hash their bytes once over the whole column (see StringKeys), then map to this column's codes.
      const keys = new StringKeys(vector, file, name);
      const map = keys.labels().map(codeOf);
      for (let i = 0; i < vector.length; i++) {
        const c = keys.codes[i] as number;
        codes[i] = c < 0 ? -1 : (map[c] as number);
      }
      return { codes, labels, index };
    } else {
      throw notCategories(type, file, name);
    }
    at += data.length;
  }
  return { codes, labels, index };
}

/**
 * A string column's categories read when first used, as readCategories reads them (then kept): for the columns the
 * threshold sweep does not look at (subjects, deployments, cameras), so a caller that only sweeps never pays for them.
 * The column's type is checked now. The returned object's properties are getters, enumerable: a spread or a
 * structured clone reads the column.
 * @throws InputError when the column holds something else than strings (at once, as readCategories).
 */
export function categoriesWhenUsed(vector: Vector, file: string, name: string, engine: Engine = 'fastest'): CategoryColumn {
  for (const data of vector.data as Data<DataType>[]) {
    const type = data.type;
    if (!(DataType.isDictionary(type) || DataType.isUtf8(type) || DataType.isLargeUtf8(type))) throw notCategories(type, file, name);
  }
  let read: CategoryColumn | undefined;
  const column = (): CategoryColumn => (read ??= readCategories(vector, file, name, engine));
  return {
    get codes() { return column().codes; },
    get labels() { return column().labels; },
    get index() { return column().index; },
  };
}

function notCategories(type: DataType, file: string, name: string): InputError {
  return new InputError(file, [{ path: `column ${name}`, expected: 'a string or dictionary column', got: typeName(type) }]);
}

/**
 * The entries of a dictionary (null for a null entry). A dictionary of plain ASCII strings in one chunk (ids, codes)
 * is decoded in one go and cut at its offsets; any other through Arrow, entry by entry.
 */
export function dictionaryLabels(dict: Vector): (string | null)[] {
  const only = dict.data.length === 1 ? dict.data[0] : undefined;
  const offsets: unknown = only?.valueOffsets;
  const values: unknown = only?.values;
  if (only !== undefined && DataType.isUtf8(only.type) && offsets instanceof Int32Array && values instanceof Uint8Array && offsets.length > only.length) {
    const from = offsets[0] as number;
    const bytes = values.subarray(from, offsets[only.length]);
    let ascii = true;
    for (let i = 0; i < bytes.length && ascii; i++) ascii = (bytes[i] as number) < 0x80;
    if (ascii) {
      // one character per byte: the offsets index the decoded text
      const text = asciiDecoder.decode(bytes);
      return Array.from({ length: only.length }, (_, j) => (only.getValid(j) ? text.slice((offsets[j] as number) - from, (offsets[j + 1] as number) - from) : null));
    }
  }
  return Array.from({ length: dict.length }, (_, j) => {
    const label: unknown = dict.get(j);
    return typeof label === 'string' ? label : null;
  });
}

const asciiDecoder = new TextDecoder();

/**
 * Reads a boolean column (Bool, or integers 0/1) into bytes 1/0; null -> 255. With `engine` 'fastest', Bool chunks are
 * unpacked by the native addon (searches-scan.c; the same bytes).
 * @throws InputError when the column holds something else.
 */
export function readBooleans(vector: Vector, file: string, name: string, engine: Engine = 'fastest'): Uint8Array {
  const out = new Uint8Array(vector.length);
  const addon = addonFor(engine);
  let at = 0;
  for (const data of vector.data as Data<DataType>[]) {
    const type = data.type;
    const values: unknown = data.values;
    if (addon !== null && DataType.isBool(type) && values instanceof Uint8Array && values.length * 8 >= data.offset + data.length) {
      // the same bytes, by the native addon (searches-scan.c)
      addon.unpackBooleans(values, bitmapOf(data), data.offset, out.subarray(at, at + data.length));
      at += data.length;
      continue;
    }
    const valid = data.nullCount > 0 ? validityBits(data) : null;
    if (DataType.isBool(type)) {
      const bits = data.values as Uint8Array;
      for (let i = 0; i < data.length; i++) {
        const bit = data.offset + i;
        out[at + i] = valid !== null && valid[i] === 0 ? 255 : ((bits[bit >> 3] ?? 0) >> (bit & 7)) & 1;
      }
    } else if (DataType.isInt(type)) {
      const values = data.values as ArrayLike<number | bigint>;
      for (let i = 0; i < data.length; i++) {
        const v = Number(values[i]);
        out[at + i] = valid !== null && valid[i] === 0 ? 255 : v === 0 ? 0 : v === 1 ? 1 : 254;
      }
    } else {
      throw new InputError(file, [{ path: `column ${name}`, expected: 'a boolean column (or integers 0/1)', got: typeName(type) }]);
    }
    at += data.length;
  }
  return out;
}

/** The Arrow type's name, for messages (`Utf8`, `Float32`, ...). */
function typeName(type: DataType): string {
  return Type[type.typeId];
}

/**
 * Writes Arrow tables as IPC files, atomically, and builds a contract table from whole plain columns (for the stages
 * that rewrite rows of an existing table: combine, withdraw, export; row-by-row writers use `ContractTableBuilder`).
 */
import { Dictionary, Field, Float32, Float64, Int32, RecordBatch, Schema, Table, Utf8, Vector, makeData, makeVector, tableToIPC, vectorFromArray } from 'apache-arrow';
import { writeFileAtomic } from './write-file-atomic.ts';
import type { ColumnSpec } from './contract.ts';

/** Column values: a plain array (null = missing), a Float64Array for non-null numbers, or a ready Arrow vector of the column's type. */
export type ColumnValues = readonly unknown[] | Float64Array | Vector;

/**
 * Builds an Arrow table with exactly the contract's columns and types, in the contract's order.
 * @throws Error when a column is missing or has the wrong length (a programming error, not bad input).
 */
export function contractTable(specs: readonly ColumnSpec[], columns: Record<string, ColumnValues>, metadata: Record<string, string> = {}): Table {
  const lengths = new Set(Object.values(columns).map((c) => c.length));
  if (lengths.size > 1) throw new Error(`contractTable: columns differ in length (${[...lengths].join(', ')})`);
  const vectors: Record<string, Vector> = {};
  for (const spec of specs) {
    const values = columns[spec.name];
    if (values === undefined) throw new Error(`contractTable: column ${spec.name} is missing`);
    vectors[spec.name] = values instanceof Vector ? values
      : values instanceof Float64Array ? makeVector(makeData({ type: new Float64(), data: values, length: values.length }))
      : vectorFromArray(values as unknown[], spec.type());
  }
  const table = new Table(vectors);
  const fields = table.schema.fields.map((f, i) => new Field(f.name, f.type, specs[i]?.nullable ?? true));
  const schema = new Schema(fields, new Map(Object.entries(metadata)));
  return new Table(schema, table.batches.map((b) => new RecordBatch(schema, b.data)));
}

/** Writes `table` as an Arrow IPC file at `file` (temp file, then rename). */
export function writeArrowFile(file: string, table: Table): void {
  writeFileAtomic(file, tableToIPC(table, 'file'));
}

/**
 * A Utf8 vector of `values` (null = missing) built in one pass: the strings joined and encoded once when they are all
 * ASCII (ids are), each encoded into one preallocated buffer otherwise; 32-bit offsets. Much faster than
 * vectorFromArray's builder for many distinct strings; the same values.
 */
export function utf8Vector(values: readonly (string | null)[]): Vector<Utf8> {
  const n = values.length;
  const offsets = new Int32Array(n + 1);
  const nullBitmap = new Uint8Array((n + 7) >> 3);
  let nullCount = 0;
  const strings: string[] = [];
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v === null || v === undefined) nullCount++;
    else {
      nullBitmap[i >> 3] = (nullBitmap[i >> 3] as number) | (1 << (i & 7));
      strings.push(v);
    }
  }
  const joined = strings.join('');
  const encoder = new TextEncoder();
  let data: Uint8Array;
  // eslint-disable-next-line no-control-regex
  if (/^[\x00-\x7f]*$/.test(joined)) {
    data = encoder.encode(joined);
    for (let i = 0, at = 0; i < n; i++) offsets[i + 1] = at += values[i]?.length ?? 0;
  } else {
    const buffer = new Uint8Array(joined.length * 3);
    let at = 0;
    for (let i = 0; i < n; i++) {
      const v = values[i];
      if (v !== null && v !== undefined) at += encoder.encodeInto(v, buffer.subarray(at)).written;
      offsets[i + 1] = at;
    }
    data = buffer.slice(0, at);
  }
  return makeVector(makeData({ type: new Utf8(), length: n, nullCount, nullBitmap: nullCount === 0 ? undefined : nullBitmap, valueOffsets: offsets, data }));
}

/** The null bitmap of `values` (bit i set when value i is present), or undefined when none is null; and the null count. */
function validity(values: readonly unknown[]): { nullBitmap: Uint8Array | undefined; nullCount: number } {
  const bitmap = new Uint8Array((values.length + 7) >> 3);
  let nullCount = 0;
  values.forEach((v, i) => {
    if (v === null || v === undefined) nullCount++;
    else bitmap[i >> 3] = (bitmap[i >> 3] as number) | (1 << (i & 7));
  });
  return { nullBitmap: nullCount === 0 ? undefined : bitmap, nullCount };
}

/**
 * A numeric vector of `type` (Int32, Float32 or Float64) from plain numbers (null = missing), written straight into a
 * typed array: the same values as vectorFromArray, without its builder.
 */
export function numberVector(values: readonly (number | null)[], type: Int32 | Float32 | Float64): Vector {
  const length = values.length;
  const fill = <A extends Int32Array | Float32Array | Float64Array>(data: A): A => {
    values.forEach((v, i) => (data[i] = v ?? 0));
    return data;
  };
  if (type instanceof Int32) return makeVector(makeData({ type, length, data: fill(new Int32Array(length)), ...validity(values) }));
  if (type instanceof Float32) return makeVector(makeData({ type, length, data: fill(new Float32Array(length)), ...validity(values) }));
  return makeVector(makeData({ type, length, data: fill(new Float64Array(length)), ...validity(values) }));
}

/** A dictionary vector (Utf8 values, Int32 indices, dictionary id `id`) from plain strings (null = missing). */
export function dictionaryVector(values: readonly (string | null)[], id: number): Vector {
  const type = new Dictionary(new Utf8(), new Int32(), id);
  const codes = new Map<string, number>();
  const indices = new Int32Array(values.length);
  values.forEach((v, i) => {
    if (v === null) return;
    let c = codes.get(v);
    if (c === undefined) codes.set(v, (c = codes.size));
    indices[i] = c;
  });
  return makeVector(makeData({ type, length: values.length, data: indices, dictionary: utf8Vector([...codes.keys()]), ...validity(values) }));
}

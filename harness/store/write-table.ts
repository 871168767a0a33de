/** Writes a contract table (searches or candidates) from plain columns to an Arrow IPC file, atomically. */
import { Field, Float64, RecordBatch, Schema, Table, makeData, makeVector, tableToIPC, vectorFromArray, type Vector } from 'apache-arrow';
import { writeFileAtomic } from './write-file-atomic.ts';
import type { ColumnSpec } from './contract.ts';

/** Column values: a plain array (null = missing) or, for non-null numbers, a Float64Array. */
export type ColumnValues = readonly unknown[] | Float64Array;

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
    vectors[spec.name] = values instanceof Float64Array
      ? makeVector(makeData({ type: new Float64(), data: values, length: values.length }))
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


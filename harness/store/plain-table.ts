/**
 * A contract table (searches or candidates) as plain columns, for the few stages that rewrite rows rather than scan
 * them: combining runs (qualified ids), withdrawing a volunteer (rows removed), exporting for sharing (pseudonyms).
 */
import type { DataType} from 'apache-arrow';
import { Float32, tableToIPC, type Table } from 'apache-arrow';
import { column, readBooleans, readCategories, readNumbers } from './arrow-columns.ts';
import { CONDITION_COLUMNS, SEARCH_COLUMNS, SIMULATED_METADATA_KEY, type ColumnSpec } from './contract.ts';
import { readArrowFile } from './read-arrow-file.ts';
import { tableFromColumns } from './table-builder.ts';
import { writeFileAtomic } from './write-file-atomic.ts';

/** Plain values of every contract column (null = missing; absent optional columns are all null). */
export interface PlainTable {
  rows: number;
  columns: Record<string, (string | number | boolean | null)[]>;
  /** Columns stored as 32-bit floats (kept so when written back, so thresholds compare as before). */
  float32: string[];
  simulated: boolean;
}

/**
 * Reads the contract columns `specs` of the Arrow file `file` (other columns are left out).
 * @throws InputError for an unreadable file or a column of the wrong kind.
 */
export function readPlainTable(file: string, specs: readonly ColumnSpec[]): PlainTable {
  return plainTable(readArrowFile(file), file, specs);
}

/** The contract columns `specs` of an open table. @throws InputError as readPlainTable. */
export function plainTable(table: Table, file: string, specs: readonly ColumnSpec[]): PlainTable {
  const rows = table.numRows;
  const columns: PlainTable['columns'] = {};
  const float32: string[] = [];
  for (const spec of specs) {
    const vec = column(table, spec.name);
    if (vec === null) {
      columns[spec.name] = new Array<null>(rows).fill(null);
      continue;
    }
    if (spec.kind === 'number' || spec.kind === 'integer') {
      const { values, float32: f32 } = readNumbers(vec, file, spec.name);
      if (f32) float32.push(spec.name);
      columns[spec.name] = Array.from(values, (v) => (Number.isNaN(v) ? null : v));
    } else if (spec.kind === 'boolean') {
      columns[spec.name] = Array.from(readBooleans(vec, file, spec.name), (v) => (v === 1 ? true : v === 0 ? false : null));
    } else {
      const { codes, labels } = readCategories(vec, file, spec.name);
      columns[spec.name] = Array.from(codes, (c) => (c < 0 ? null : (labels[c] as string)));
    }
  }
  return { rows, columns, float32, simulated: table.schema.metadata.get(SIMULATED_METADATA_KEY) === 'true' };
}

/** Every searches column a rewrite may carry: the contract's and the optional capture-condition columns. */
export const SEARCH_AND_CONDITION_COLUMNS: readonly ColumnSpec[] = [...SEARCH_COLUMNS, ...CONDITION_COLUMNS];

/**
 * The columns to write a rewritten searches table with: the contract's, and the capture-condition columns that hold
 * a value in `t` (so a table read without them is written back without them, byte for byte as before).
 */
export function searchColumnsOf(t: PlainTable): ColumnSpec[] {
  return [...SEARCH_COLUMNS, ...CONDITION_COLUMNS.filter((c) => t.columns[c.name]?.some((v) => v !== null) ?? false)];
}

/** The rows of `t` for which `keep(i)` is true, in order. */
export function selectRows(t: PlainTable, keep: (row: number) => boolean): PlainTable {
  const rows: number[] = [];
  for (let i = 0; i < t.rows; i++) if (keep(i)) rows.push(i);
  return reorderRows(t, rows);
}

/** A table made of rows `order` of `t` (indexes, in the new order; repeats allowed). */
export function reorderRows(t: PlainTable, order: readonly number[]): PlainTable {
  const columns: PlainTable['columns'] = {};
  for (const [name, values] of Object.entries(t.columns)) columns[name] = order.map((i) => values[i] ?? null);
  return { ...t, rows: order.length, columns };
}

/** Tables one after another (same contract columns); float32 columns stay float32 only when they are in every table. */
export function concatTables(tables: readonly PlainTable[]): PlainTable {
  const names = Object.keys(tables[0]?.columns ?? {});
  const rows = tables.reduce((s, t) => s + t.rows, 0);
  const columns: PlainTable['columns'] = {};
  for (const n of names) {
    const out = new Array<string | number | boolean | null>(rows);
    let at = 0;
    for (const t of tables) {
      const values = t.columns[n];
      for (let i = 0; i < t.rows; i++) out[at + i] = values?.[i] ?? null;
      at += t.rows;
    }
    columns[n] = out;
  }
  const float32 = names.filter((n) => tables.length > 0 && tables.every((t) => t.float32.includes(n)));
  return { rows, columns, float32, simulated: tables.some((t) => t.simulated) };
}

/** `t` as the bytes of an Arrow IPC file with the contract's columns and types (float32 columns kept as float32). */
export function plainTableBytes(specs: readonly ColumnSpec[], t: PlainTable): Uint8Array {
  const typed = specs.map((s) => (t.float32.includes(s.name) ? { ...s, type: (): DataType => new Float32() } : s));
  return tableToIPC(tableFromColumns(typed, t.columns, t.simulated ? { [SIMULATED_METADATA_KEY]: 'true' } : {}), 'file');
}

/** Writes `t` as an Arrow IPC file (see {@link plainTableBytes}), atomically. */
export function writePlainTable(file: string, specs: readonly ColumnSpec[], t: PlainTable): void {
  writeFileAtomic(file, plainTableBytes(specs, t));
}

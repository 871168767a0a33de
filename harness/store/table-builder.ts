/**
 * The typed builder of the contract tables: rows go in as typed records (`SearchRow`, `CandidateRow`, whose fields
 * are the contract's columns), columns come out as Arrow data of the contract's types. The simulator, adjudication
 * and test fixtures all write searches.arrow and candidates.arrow through it. Numbers are kept in typed arrays and
 * categories as dictionary codes while rows are added, so a million rows cost little memory.
 */
import { Bool, DataType, Field, Float32, Float64, Int32, RecordBatch, Schema, Struct, Table, Utf8, makeData, vectorFromArray, type Data } from 'apache-arrow';
import { CANDIDATE_COLUMNS, CONDITION_COLUMNS, SEARCH_COLUMNS, type CandidateRow, type ColumnSpec, type SearchRow, type SearchRowWithConditions } from './contract.ts';

/** One value of a contract table (null = missing). */
export type Cell = string | number | boolean | null;

/** A growable typed array (doubling), for numbers, codes and flags. */
class Growable<A extends Float64Array | Int32Array | Uint8Array> {
  length = 0;
  constructor(private buffer: A, private readonly make: (n: number) => A) {}
  push(v: number): void {
    if (this.length === this.buffer.length) {
      const next = this.make(Math.max(16, this.buffer.length * 2));
      next.set(this.buffer);
      this.buffer = next;
    }
    this.buffer[this.length++] = v;
  }
  at(i: number): number {
    return this.buffer[i] as number;
  }
  /** The values pushed so far, copied into an array of their exact length. */
  view(): A {
    const out = this.make(this.length);
    out.set(this.buffer.subarray(0, this.length));
    return out;
  }
}

/** A growable UTF-8 string column: row i is bytes[offsets[i], offsets[i + 1]). */
class Utf8Buffer {
  private bytes = new Uint8Array(4096);
  private used = 0;
  readonly offsets = new Growable(new Int32Array(1024), i32);
  constructor() {
    this.offsets.push(0);
  }
  push(s: string | null): void {
    if (s !== null) {
      for (;;) {
        const r = encoder.encodeInto(s, this.bytes.subarray(this.used));
        if (r.read === s.length) {
          this.used += r.written;
          break;
        }
        const next = new Uint8Array(this.bytes.length * 2 + s.length * 3);
        next.set(this.bytes.subarray(0, this.used));
        this.bytes = next;
      }
    }
    this.offsets.push(this.used);
  }
  text(i: number): string {
    return decoder.decode(this.bytes.subarray(this.offsets.at(i), this.offsets.at(i + 1)));
  }
  data(): { valueOffsets: Int32Array; data: Uint8Array } {
    return { valueOffsets: this.offsets.view(), data: this.bytes.subarray(0, this.used) };
  }
}

/** One column being built: values by kind, with validity bytes (1 = present). */
interface ColumnBuffer {
  spec: ColumnSpec;
  valid: Growable<Uint8Array>;
  strings: Utf8Buffer | null;
  numbers: Growable<Float64Array> | null;
  integers: Growable<Int32Array> | null;
  /** Category codes (into `labels`) and the dictionary, labels by first appearance. */
  codes: Growable<Int32Array> | null;
  labels: string[];
  index: Map<string, number>;
}

const f64 = (n: number): Float64Array => new Float64Array(n);
const i32 = (n: number): Int32Array => new Int32Array(n);
const u8 = (n: number): Uint8Array => new Uint8Array(n);

/**
 * Builds one contract table row by row. `R` is the row type whose keys are exactly the columns of `specs`.
 * @example const b = searchesBuilder(); b.add(row); writeArrowFile(file, b.toTable())
 */
export class ContractTableBuilder<R extends { [column: string]: Cell }> {
  private readonly columns: ColumnBuffer[];
  private rows = 0;

  constructor(specs: readonly ColumnSpec[]) {
    this.columns = specs.map((spec) => ({
      spec,
      valid: new Growable(u8(1024), u8),
      strings: spec.kind === 'string' ? new Utf8Buffer() : null,
      numbers: spec.kind === 'number' ? new Growable(f64(1024), f64) : null,
      integers: spec.kind === 'integer' || spec.kind === 'boolean' ? new Growable(i32(1024), i32) : null,
      codes: spec.kind === 'category' ? new Growable(i32(1024), i32) : null,
      labels: [],
      index: new Map(),
    }));
  }

  /** Rows added so far. */
  get length(): number {
    return this.rows;
  }

  /**
   * Adds one row.
   * @throws Error when a non-nullable column is null (a programming error, not bad input).
   */
  add(row: R): void {
    for (const c of this.columns) {
      const v = row[c.spec.name] ?? null;
      if (v === null && !c.spec.nullable) throw new Error(`ContractTableBuilder: column ${c.spec.name} may not be null`);
      c.valid.push(v === null ? 0 : 1);
      if (c.codes !== null) {
        let code = -1;
        if (v !== null) {
          const label = String(v);
          code = c.index.get(label) ?? -1;
          if (code < 0) {
            code = c.labels.length;
            c.labels.push(label);
            c.index.set(label, code);
          }
        }
        c.codes.push(code);
      } else if (c.numbers !== null) c.numbers.push(v === null ? NaN : Number(v));
      else if (c.integers !== null) c.integers.push(v === null ? 0 : Number(v));
      else c.strings?.push(v === null ? null : String(v));
    }
    this.rows++;
  }

  /** The values of column `name` so far (null where missing), for summaries and tests. */
  values(name: keyof R & string): Cell[] {
    const c = this.columns.find((x) => x.spec.name === name);
    if (c === undefined) throw new Error(`ContractTableBuilder: no column ${name}`);
    const out: Cell[] = [];
    for (let i = 0; i < this.rows; i++) {
      if (c.valid.at(i) === 0) out.push(null);
      else if (c.codes !== null) out.push(c.labels[c.codes.at(i)] ?? null);
      else if (c.numbers !== null) out.push(c.numbers.at(i));
      else if (c.integers !== null) out.push(c.spec.kind === 'boolean' ? c.integers.at(i) === 1 : c.integers.at(i));
      else out.push(c.strings?.text(i) ?? null);
    }
    return out;
  }

  /** The table, columns in contract order with the contract's types and nullability; `metadata` on its schema. */
  toTable(metadata: Record<string, string> = {}): Table {
    const n = this.rows;
    const data = this.columns.map((c) => columnData(c, n));
    const fields = data.map((d, i) => new Field(this.columns[i]?.spec.name ?? '', d.type, this.columns[i]?.spec.nullable ?? true));
    const schema = new Schema(fields, new Map(Object.entries(metadata)));
    const struct = makeData({ type: new Struct(fields), length: n, nullCount: 0, children: data });
    return new Table(schema, [new RecordBatch(schema, struct)]);
  }
}

/** Arrow data of one built column. */
function columnData(c: ColumnBuffer, n: number): Data {
  const valid = c.valid.view();
  let nullCount = 0;
  for (let i = 0; i < n; i++) if (valid[i] === 0) nullCount++;
  const nullBitmap = nullCount === 0 ? undefined : packBits(valid);
  const type = c.spec.type();
  if (c.codes !== null && DataType.isDictionary(type)) {
    const codes = c.codes.view().map((x) => (x < 0 ? 0 : x));
    return makeData({ type, length: n, nullCount, nullBitmap, data: codes, dictionary: vectorFromArray(c.labels, new Utf8()) });
  }
  if (c.numbers !== null) {
    // a column the spec types as 32-bit (a table read back from 32-bit scores) stays 32-bit: its values convert exactly
    if (type instanceof Float32) return makeData({ type, length: n, nullCount, nullBitmap, data: Float32Array.from(c.numbers.view()) });
    return makeData({ type: new Float64(), length: n, nullCount, nullBitmap, data: c.numbers.view() });
  }
  if (c.integers !== null) {
    if (c.spec.kind === 'boolean') return makeData({ type: new Bool(), length: n, nullCount, nullBitmap, data: packBits(c.integers.view()) });
    return makeData({ type: new Int32(), length: n, nullCount, nullBitmap, data: c.integers.view() });
  }
  if (c.strings !== null) return makeData({ type: new Utf8(), length: n, nullCount, nullBitmap, ...c.strings.data() });
  throw new Error(`ContractTableBuilder: column ${c.spec.name} of kind ${c.spec.kind} has no Arrow type`);
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Packs 0/1 values into an Arrow bitmap (least significant bit first). */
function packBits(values: ArrayLike<number>): Uint8Array {
  const out = new Uint8Array(Math.ceil(values.length / 8));
  for (let i = 0; i < values.length; i++) if (values[i] !== 0) out[i >> 3] = (out[i >> 3] as number) | (1 << (i & 7));
  return out;
}

/**
 * A contract table from whole columns (`columns[name][row]`, null = missing), through the same builder as rows: for
 * the stages that rewrite an existing table (combine, withdraw, export). A spec whose type is Float32 keeps the
 * column 32-bit.
 * @throws Error when a column is missing or the columns differ in length (a programming error, not bad input).
 */
export function tableFromColumns(specs: readonly ColumnSpec[], columns: Readonly<Record<string, readonly Cell[]>>, metadata: Record<string, string> = {}): Table {
  const names = specs.map((s) => s.name);
  const values = names.map((name) => {
    const v = columns[name];
    if (v === undefined) throw new Error(`tableFromColumns: column ${name} is missing`);
    return v;
  });
  const rows = values[0]?.length ?? 0;
  if (values.some((v) => v.length !== rows)) throw new Error(`tableFromColumns: columns differ in length (${[...new Set(values.map((v) => v.length))].join(', ')})`);
  const b = new ContractTableBuilder<Record<string, Cell>>(specs);
  for (let i = 0; i < rows; i++) {
    const row: Record<string, Cell> = {};
    names.forEach((name, j) => (row[name] = values[j]?.[i] ?? null));
    b.add(row);
  }
  return b.toTable(metadata);
}

/** A builder of searches.arrow. */
export function searchesBuilder(): ContractTableBuilder<SearchRow> {
  return new ContractTableBuilder<SearchRow>(SEARCH_COLUMNS);
}

/** A builder of searches.arrow with the capture-condition columns after the contract's (CONDITION_COLUMNS). */
export function searchesWithConditionsBuilder(): ContractTableBuilder<SearchRowWithConditions> {
  return new ContractTableBuilder<SearchRowWithConditions>([...SEARCH_COLUMNS, ...CONDITION_COLUMNS]);
}

/** A builder of candidates.arrow. */
export function candidatesBuilder(): ContractTableBuilder<CandidateRow> {
  return new ContractTableBuilder<CandidateRow>(CANDIDATE_COLUMNS);
}

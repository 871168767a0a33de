/**
 * FlatTable: a bounds-checked reader of one FlatBuffers table inside a byte range (the encoding Arrow IPC uses for
 * its metadata). Every offset, vtable, vector and string is checked to lie inside the range before it is read, so a
 * corrupt file gives a FlatbufferError instead of a read past the end or a vector of two billion entries.
 *
 * Layout (flatbuffers.dev, "Internals"): a table starts with an int32 offset back to its vtable; the vtable holds
 * uint16 sizes (vtable, table) then one uint16 offset per field (0 = absent, default value); references (tables,
 * vectors, strings) are uint32 offsets forward from where they are stored; a vector is a uint32 length then its
 * elements.
 */

/** The bytes are not a well-formed FlatBuffers table for the reader that asked. */
export class FlatbufferError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FlatbufferError';
  }
}

/** A vector's first element position and length (elements of `size` bytes, all inside the range). */
export interface FlatVector {
  start: number;
  length: number;
}

/** One table of a FlatBuffers buffer, read with bounds checks against [start, end) of `view`. */
export class FlatTable {
  private readonly view: DataView;
  private readonly start: number;
  private readonly end: number;
  /** Absolute position of the table. */
  readonly pos: number;
  private readonly vtable: number;
  private readonly vtableSize: number;
  private readonly tableSize: number;

  private constructor(view: DataView, range: { start: number; end: number }, pos: number) {
    this.view = view;
    this.start = range.start;
    this.end = range.end;
    this.pos = pos;
    check(this, pos, 4, 'table');
    const vtable = pos - view.getInt32(pos, true);
    check(this, vtable, 4, 'vtable');
    this.vtable = vtable;
    this.vtableSize = view.getUint16(vtable, true);
    this.tableSize = view.getUint16(vtable + 2, true);
    if (this.vtableSize < 4 || this.vtableSize % 2 !== 0) throw new FlatbufferError(`vtable at byte ${vtable} has size ${this.vtableSize}`);
    check(this, vtable, this.vtableSize, 'vtable');
    check(this, pos, Math.max(4, this.tableSize), 'table');
  }

  /** The root table of the buffer occupying [start, end) of `view`. */
  static root(view: DataView, start: number, end: number): FlatTable {
    if (start < 0 || end > view.byteLength || end - start < 8) throw new FlatbufferError(`metadata of ${end - start} bytes at byte ${start}`);
    const range = { start, end };
    return new FlatTable(view, range, start + view.getUint32(start, true));
  }

  /** Position of field `index` inside the table, or null when absent. */
  private field(index: number, size: number): number | null {
    const slot = 4 + 2 * index;
    if (slot + 2 > this.vtableSize) return null;
    const offset = this.view.getUint16(this.vtable + slot, true);
    if (offset === 0) return null;
    if (offset + size > this.tableSize) throw new FlatbufferError(`field ${index} of the table at byte ${this.pos} lies outside the table`);
    return this.pos + offset;
  }

  /** An unsigned 8-bit field (booleans, union type tags). */
  uint8(index: number, fallback: number): number {
    const at = this.field(index, 1);
    return at === null ? fallback : this.view.getUint8(at);
  }

  /** A signed 16-bit field (enums). */
  int16(index: number, fallback: number): number {
    const at = this.field(index, 2);
    return at === null ? fallback : this.view.getInt16(at, true);
  }

  /** A signed 32-bit field. */
  int32(index: number, fallback: number): number {
    const at = this.field(index, 4);
    return at === null ? fallback : this.view.getInt32(at, true);
  }

  /** A signed 64-bit field as a number (lengths and offsets: beyond 2^53 they are wrong anyway). */
  int64(index: number, fallback: number): number {
    const at = this.field(index, 8);
    return at === null ? fallback : Number(this.view.getBigInt64(at, true));
  }

  /** The position a reference field points to, checked to lie inside the range; null when absent. */
  private target(index: number): number | null {
    const at = this.field(index, 4);
    if (at === null) return null;
    const to = at + this.view.getUint32(at, true);
    check(this, to, 4, `field ${index}`);
    return to;
  }

  /** A sub-table field, or null when absent. */
  table(index: number): FlatTable | null {
    const to = this.target(index);
    return to === null ? null : new FlatTable(this.view, { start: this.start, end: this.end }, to);
  }

  /** A vector field of elements of `size` bytes each (structs inline), or null when absent. */
  vector(index: number, size: number): FlatVector | null {
    const to = this.target(index);
    if (to === null) return null;
    const length = this.view.getUint32(to, true);
    check(this, to + 4, length * size, `vector field ${index}`);
    return { start: to + 4, length };
  }

  /** A vector of tables, each read and checked. */
  tables(index: number): FlatTable[] {
    const v = this.vector(index, 4);
    if (v === null) return [];
    return Array.from({ length: v.length }, (_, i) => {
      const at = v.start + 4 * i;
      const to = at + this.view.getUint32(at, true);
      check(this, to, 4, `table ${i} of vector field ${index}`);
      return new FlatTable(this.view, { start: this.start, end: this.end }, to);
    });
  }

  /** A string field's byte length, or null when absent (its bytes are checked to lie inside the range). */
  stringLength(index: number): number | null {
    return this.vector(index, 1)?.length ?? null;
  }

  /** A signed 64-bit value at an absolute position (inside a vector of structs read with `vector`). */
  int64At(position: number): number {
    return Number(this.view.getBigInt64(position, true));
  }

  /** A signed 32-bit value at an absolute position. */
  int32At(position: number): number {
    return this.view.getInt32(position, true);
  }

  /** The range's bounds, for checks of positions found inside. */
  get range(): { start: number; end: number } {
    return { start: this.start, end: this.end };
  }
}

function check(t: { range: { start: number; end: number } } | FlatTable, at: number, size: number, what: string): void {
  const { start, end } = t.range;
  if (!(at >= start && size >= 0 && at + size <= end)) throw new FlatbufferError(`${what} at byte ${at} (${size} bytes) lies outside the metadata (bytes ${start} to ${end})`);
}

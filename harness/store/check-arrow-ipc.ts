/**
 * checkArrowIpc: validates the framing and sizes of an Arrow IPC file (file or stream format) before the bytes are
 * handed to apache-arrow's reader, which trusts them (a corrupt schema once sent it into a loop until memory ran
 * out). Checked: the magic bytes and footer; every message's length prefix, metadata and body inside the file; the
 * metadata's FlatBuffers tables, vectors and strings inside their message; the schema's fields (at most
 * MAX_FIELDS in all, nested at most MAX_DEPTH deep, known types with sane widths); every record batch's row count and
 * field-node lengths no larger than the file could hold (8 rows a byte); every buffer inside its message body.
 *
 * Format: https://arrow.apache.org/docs/format/Columnar.html#serialization-and-interprocess-communication-ipc
 * (Message.fbs, Schema.fbs, File.fbs).
 */
import { FlatbufferError, FlatTable } from './flatbuffer-view.ts';

/** Why the bytes are not well-framed Arrow IPC, with the byte where it was found; `notArrow` when they do not even start like Arrow. */
export class ArrowFramingError extends Error {
  readonly notArrow: boolean;

  constructor(message: string, notArrow = false) {
    super(message);
    this.name = 'ArrowFramingError';
    this.notArrow = notArrow;
  }
}

const MAGIC = [0x41, 0x52, 0x52, 0x4f, 0x57, 0x31]; // "ARROW1"
const CONTINUATION = 0xffffffff;
const MAX_FIELDS = 100_000;
const MAX_DEPTH = 64;
const MAX_MESSAGES = 10_000_000;
/** Message header union tags (Message.fbs). */
const Header = { Schema: 1, DictionaryBatch: 2, RecordBatch: 3 } as const;
/** Type union tags (Schema.fbs) up to LargeListView. */
const Type = { Int: 2, FloatingPoint: 3, Decimal: 7, FixedSizeBinary: 15, FixedSizeList: 16, LastKnown: 26 } as const;

/** What the checked bytes hold: the format and how many record batches. */
export interface ArrowIpcSummary {
  format: 'file' | 'stream';
  recordBatches: number;
  /** Largest row count a batch or field node claims (at most 8 a byte of the file). */
  maxRows: number;
}

/**
 * Checks `bytes` as Arrow IPC. @throws ArrowFramingError naming the byte and what is wrong.
 * @example checkArrowIpc(readFileSync('searches.arrow')).format // 'file'
 */
export function checkArrowIpc(bytes: Uint8Array): ArrowIpcSummary {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const ctx: Context = { view, size: bytes.byteLength, maxRows: 0, fields: 0 };
  const first = bytes.byteLength >= 4 ? view.getUint32(0, true) : 0;
  if (!hasMagic(bytes, 0) && first !== CONTINUATION && !(first >= 8 && first < bytes.byteLength)) {
    const start = Buffer.from(bytes.subarray(0, 12)).toString('latin1');
    throw new ArrowFramingError(bytes.byteLength === 0 ? 'an empty file' : `a file that does not start like one (it starts ${JSON.stringify(start)})`, true);
  }
  try {
    return hasMagic(bytes, 0) ? checkFile(ctx, bytes) : { format: 'stream', ...checkStream(ctx, 0, bytes.byteLength) };
  } catch (err) {
    if (err instanceof FlatbufferError) throw new ArrowFramingError(err.message);
    if (err instanceof RangeError) throw new ArrowFramingError(`a read past the end of the file (${err.message})`);
    throw err;
  }
}

interface Context {
  view: DataView;
  size: number;
  maxRows: number;
  fields: number;
}

function hasMagic(bytes: Uint8Array, at: number): boolean {
  return at >= 0 && at + MAGIC.length <= bytes.byteLength && MAGIC.every((m, i) => bytes[at + i] === m);
}

function fail(message: string): never {
  throw new ArrowFramingError(message);
}

/** File format: magic, padding, the stream, the footer, its int32 length, magic. */
function checkFile(ctx: Context, bytes: Uint8Array): ArrowIpcSummary {
  const size = ctx.size;
  if (size < 8 + 4 + 6 || !hasMagic(bytes, size - 6)) fail('a file that starts with ARROW1 but does not end with it (truncated?)');
  const footerLength = ctx.view.getInt32(size - 10, true);
  const footerStart = size - 10 - footerLength;
  if (footerLength <= 0 || footerStart < 8) fail(`a footer of ${footerLength} bytes in a file of ${size} bytes`);
  const footer = FlatTable.root(ctx.view, footerStart, size - 10);
  const schema = footer.table(1);
  if (schema === null) fail('a footer without a schema');
  checkSchema(ctx, schema);
  let batches = 0;
  for (const [index, kind] of [[2, 'dictionary'], [3, 'record batch']] as const) {
    const blocks = footer.vector(index, 24);
    for (let i = 0; blocks !== null && i < blocks.length; i++) {
      const at = blocks.start + 24 * i;
      const offset = footer.int64At(at);
      const metaLength = footer.int32At(at + 8);
      const bodyLength = footer.int64At(at + 16);
      if (!(offset >= 8 && metaLength > 0 && bodyLength >= 0 && offset + metaLength + bodyLength <= footerStart)) {
        fail(`${kind} block ${i} (offset ${offset}, metadata ${metaLength} bytes, body ${bodyLength} bytes) outside the file's data (bytes 8 to ${footerStart})`);
      }
      const message = readMessage(ctx, offset, offset + metaLength + bodyLength);
      if (message === null) fail(`${kind} block ${i} at byte ${offset} holds no message`);
      if (kind === 'record batch') batches++;
    }
  }
  return { format: 'file', recordBatches: batches, maxRows: ctx.maxRows };
}

/** Stream format: messages until the end-of-stream marker or the end of `limit`. */
function checkStream(ctx: Context, start: number, limit: number): { recordBatches: number; maxRows: number } {
  let at = start;
  let batches = 0;
  let sawSchema = false;
  for (let count = 0; at < limit; count++) {
    if (count > MAX_MESSAGES) fail(`more than ${MAX_MESSAGES} messages`);
    const message = readMessage(ctx, at, limit);
    if (message === null) break;
    if (message.header === Header.Schema) sawSchema = true;
    else if (!sawSchema) fail(`a ${message.header === Header.RecordBatch ? 'record batch' : 'dictionary batch'} at byte ${at} before the schema`);
    if (message.header === Header.RecordBatch) batches++;
    at = message.end;
  }
  if (!sawSchema) fail('no schema message');
  return { recordBatches: batches, maxRows: ctx.maxRows };
}

/** Reads and checks the message at `at`; null at an end-of-stream marker. Its body must end by `limit`. */
function readMessage(ctx: Context, at: number, limit: number): { header: number; end: number } | null {
  if (at + 4 > limit) fail(`a message length at byte ${at} past the end (${limit})`);
  let length = ctx.view.getUint32(at, true);
  let metaStart = at + 4;
  if (length === CONTINUATION) {
    if (at + 8 > limit) fail(`a message length at byte ${at + 4} past the end (${limit})`);
    length = ctx.view.getUint32(at + 4, true);
    metaStart = at + 8;
  }
  if (length === 0) return null;
  const metaEnd = metaStart + length;
  if (length > 0x7fffffff || metaEnd > limit) fail(`message metadata of ${length} bytes at byte ${metaStart}, past the end (${limit})`);
  const message = FlatTable.root(ctx.view, metaStart, metaEnd);
  const header = message.uint8(1, 0);
  const bodyLength = message.int64(3, 0);
  if (!(bodyLength >= 0 && metaEnd + bodyLength <= limit)) fail(`a message body of ${bodyLength} bytes at byte ${metaEnd}, past the end (${limit})`);
  const body = message.table(2);
  if (body === null) fail(`a message at byte ${at} without a header`);
  switch (header) {
    case Header.Schema: checkSchema(ctx, body); break;
    case Header.RecordBatch: checkRecordBatch(ctx, body, bodyLength, at); break;
    case Header.DictionaryBatch: {
      const data = body.table(1);
      if (data === null) fail(`a dictionary batch at byte ${at} without data`);
      checkRecordBatch(ctx, data, bodyLength, at);
      break;
    }
    default: fail(`a message at byte ${at} of header type ${header} (expected a schema, dictionary or record batch)`);
  }
  return { header, end: metaEnd + bodyLength };
}

function checkSchema(ctx: Context, schema: FlatTable): void {
  const fields = schema.tables(1);
  if (fields.length === 0) fail(`a schema at byte ${schema.pos} without columns`);
  for (const f of fields) checkField(ctx, f, 1);
  for (const kv of schema.tables(2)) checkKeyValue(kv);
}

function checkField(ctx: Context, field: FlatTable, depth: number): void {
  if (depth > MAX_DEPTH) fail(`columns nested more than ${MAX_DEPTH} deep`);
  if (++ctx.fields > MAX_FIELDS) fail(`more than ${MAX_FIELDS} columns`);
  field.stringLength(0);
  const typeTag = field.uint8(2, 0);
  const type = field.table(3);
  if (typeTag < 1 || typeTag > Type.LastKnown || type === null) fail(`a column at byte ${field.pos} of unknown type ${typeTag}`);
  checkType(typeTag, type);
  const dictionary = field.table(4);
  if (dictionary !== null) {
    const index = dictionary.table(1);
    if (index !== null) checkType(Type.Int, index);
  }
  for (const child of field.tables(5)) checkField(ctx, child, depth + 1);
  for (const kv of field.tables(6)) checkKeyValue(kv);
}

function checkType(tag: number, type: FlatTable): void {
  switch (tag) {
    case Type.Int: {
      const bits = type.int32(0, 0);
      if (![8, 16, 32, 64].includes(bits)) fail(`an integer column at byte ${type.pos} of ${bits} bits`);
      break;
    }
    case Type.FloatingPoint: {
      const precision = type.int16(0, 0);
      if (precision < 0 || precision > 2) fail(`a floating-point column at byte ${type.pos} of precision ${precision}`);
      break;
    }
    case Type.Decimal: {
      const bits = type.int32(2, 128);
      if (![32, 64, 128, 256].includes(bits)) fail(`a decimal column at byte ${type.pos} of ${bits} bits`);
      break;
    }
    case Type.FixedSizeBinary: case Type.FixedSizeList: {
      const width = type.int32(0, 0);
      if (width < 0 || width > 1 << 20) fail(`a fixed-size column at byte ${type.pos} of width ${width}`);
      break;
    }
    default:
      break;
  }
}

function checkKeyValue(kv: FlatTable): void {
  kv.stringLength(0);
  kv.stringLength(1);
}

function checkRecordBatch(ctx: Context, batch: FlatTable, bodyLength: number, at: number): void {
  const rowsLimit = 8 * ctx.size + 64;
  const length = batch.int64(0, 0);
  if (!(length >= 0 && length <= rowsLimit)) fail(`a record batch at byte ${at} of ${length} rows (at most 8 a byte of the file: ${rowsLimit})`);
  ctx.maxRows = Math.max(ctx.maxRows, length);
  const nodes = batch.vector(1, 16);
  for (let i = 0; nodes !== null && i < nodes.length; i++) {
    const n = batch.int64At(nodes.start + 16 * i);
    const nulls = batch.int64At(nodes.start + 16 * i + 8);
    if (!(n >= 0 && n <= rowsLimit && nulls >= 0 && nulls <= n)) fail(`column node ${i} of the batch at byte ${at}: ${n} values with ${nulls} nulls`);
    ctx.maxRows = Math.max(ctx.maxRows, n);
  }
  const buffers = batch.vector(2, 16);
  for (let i = 0; buffers !== null && i < buffers.length; i++) {
    const offset = batch.int64At(buffers.start + 16 * i);
    const size = batch.int64At(buffers.start + 16 * i + 8);
    if (!(offset >= 0 && size >= 0 && offset + size <= bodyLength)) fail(`buffer ${i} of the batch at byte ${at} (offset ${offset}, ${size} bytes) outside its body of ${bodyLength} bytes`);
  }
}

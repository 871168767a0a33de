/**
 * Opens an Arrow IPC file (file or stream format) as a table. The bytes are checked before the reader sees them:
 * size within its bound, framing and sizes valid (checkArrowIpc), and decoding is given a time limit (withinTime),
 * so a corrupt file is an InputError, never a hang or an out-of-memory crash.
 */
import { readFileSync, statSync } from 'node:fs';
import { tableFromIPC, type Table } from 'apache-arrow';
import { Bounds } from '../core/bounds.ts';
import { InputError } from '../core/input-error.ts';
import { Expected, Found, tooLarge, unreadable } from '../core/messages.ts';
import { TimeBoundError, withinTime } from '../core/time-bound.ts';
import { ArrowFramingError, checkArrowIpc } from './check-arrow-ipc.ts';
import { hashFileInBackground, MAP_FROM_BYTES } from './hash-file-in-background.ts';
import { native } from '../native/index.ts';

/** An Arrow table and the sha256 of the file's bytes (for provenance), computed on another thread meanwhile. */
export interface ArrowFile {
  table: Table;
  /** Waits for the hex digest. */
  sha256: () => string;
}

/** Reads the Arrow IPC file at `file`. @throws InputError when it is missing, too large, malformed or not Arrow IPC. */
export function readArrowFile(file: string): Table {
  return decodeArrow(fileBytes(file), file);
}

/** The file's bytes, mapped from MAP_FROM_BYTES where the addon is built, else read. @throws InputError as readArrowFile. */
function fileBytes(file: string): Uint8Array {
  try {
    const size = statSync(file).size;
    if (size > Bounds.arrowFileBytes.max) throw new InputError(file, [tooLarge(size, Bounds.arrowFileBytes.max, 'an Arrow IPC file')]);
    return (size >= MAP_FROM_BYTES ? mapped(file) : null) ?? readFileSync(file);
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw new InputError(file, [unreadable(err, Expected.readableArrowIpc)]);
  }
}

/**
 * The file's bytes mapped read-only by the native addon (harness/native/map-file.c): pages come from the page cache as
 * the columns are read, without copying the whole file into memory first; null without the addon or when mapping fails
 * (the file is then read). Arrow's reader and the column readers only ever read these bytes.
 */
function mapped(file: string): Uint8Array | null {
  if (native === null) return null;
  try {
    return new Uint8Array(native.mapFile(file));
  } catch {
    return null;
  }
}

/**
 * Reads the Arrow IPC file at `file` while another thread hashes its bytes (the digest is waited for only when asked):
 * the native addon's, over the very bytes the table is read from (sha256-bytes.c), else a worker thread that reads the
 * file again (hashFileInBackground).
 * @throws InputError as readArrowFile.
 */
export function readArrowFileHashed(file: string): ArrowFile {
  const addon = native;
  if (addon === null) {
    const sha256 = hashFileInBackground(file);
    return { table: readArrowFile(file), sha256 };
  }
  const bytes = fileBytes(file);
  const job = addon.sha256Begin(bytes);
  let digest: string | undefined;
  const sha256 = job === null ? hashFileInBackground(file) : (): string => (digest ??= addon.sha256End(job));
  return { table: decodeArrow(bytes, file), sha256 };
}

/** Seconds allowed to decode `bytes` bytes: 10 s plus 1 s per 16 MiB, at most the bound's maximum. */
export function arrowReadSeconds(bytes: number): number {
  return Math.min(Bounds.arrowReadSeconds.max, Bounds.arrowReadSeconds.min + bytes / (16 * 1024 * 1024));
}

/**
 * Checks and decodes Arrow IPC `bytes` read from `file` (named in errors).
 * @throws InputError naming the file: not Arrow, malformed framing, or decoding past its time limit.
 */
export function decodeArrow(bytes: Uint8Array, file: string): Table {
  try {
    checkArrowIpc(bytes);
  } catch (err) {
    if (err instanceof ArrowFramingError) throw new InputError(file, [{ path: '', expected: err.notArrow ? Expected.arrowIpc : Expected.arrowFraming, got: err.message }]);
    throw err;
  }
  const seconds = arrowReadSeconds(bytes.byteLength);
  try {
    return withinTime(seconds, () => tableFromIPC(bytes));
  } catch (err) {
    if (err instanceof TimeBoundError) throw new InputError(file, [{ path: '', expected: Expected.arrowIpc, got: Found.timedOut(seconds) }]);
    throw new InputError(file, [{ path: '', expected: Expected.arrowIpc, got: err instanceof Error ? (err.message.split('\n')[0] ?? '') : String(err) }]);
  }
}

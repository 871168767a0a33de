/**
 * Opens an Arrow IPC file (file or stream format) as a table. The bytes are checked before the reader sees them:
 * size within its bound, framing and sizes valid (checkArrowIpc), and decoding is given a time limit (withinTime),
 * so a corrupt file is an InputError, never a hang or an out-of-memory crash.
 */
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { tableFromIPC, type Table } from 'apache-arrow';
import { Bounds } from '../core/bounds.ts';
import { InputError } from '../core/input-error.ts';
import { Expected, Found, tooLarge, unreadable } from '../core/messages.ts';
import { TimeBoundError, withinTime } from '../core/time-bound.ts';
import { ArrowFramingError, checkArrowIpc } from './check-arrow-ipc.ts';

/** An Arrow table and the sha256 of the file's bytes (for provenance, without reading the file twice). */
export interface ArrowFile {
  table: Table;
  sha256: string;
}

/** Reads the Arrow IPC file at `file`. @throws InputError when it is missing, too large, malformed or not Arrow IPC. */
export function readArrowFile(file: string): Table {
  return readArrowFileWithHash(file, false).table;
}

/** Reads the Arrow IPC file at `file` and hashes its bytes. @throws InputError as readArrowFile. */
export function readArrowFileHashed(file: string): ArrowFile {
  return readArrowFileWithHash(file, true);
}

/** Seconds allowed to decode `bytes` bytes: 10 s plus 1 s per 16 MiB, at most the bound's maximum. */
export function arrowReadSeconds(bytes: number): number {
  return Math.min(Bounds.arrowReadSeconds.max, Bounds.arrowReadSeconds.min + bytes / (16 * 1024 * 1024));
}

function readArrowFileWithHash(file: string, withHash: boolean): ArrowFile {
  let bytes: Buffer;
  try {
    const size = statSync(file).size;
    if (size > Bounds.arrowFileBytes.max) throw new InputError(file, [tooLarge(size, Bounds.arrowFileBytes.max, 'an Arrow IPC file')]);
    bytes = readFileSync(file);
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw new InputError(file, [unreadable(err, Expected.readableArrowIpc)]);
  }
  return decodeArrow(bytes, file, withHash);
}

/**
 * Checks and decodes Arrow IPC `bytes` read from `file` (named in errors).
 * @throws InputError naming the file: not Arrow, malformed framing, or decoding past its time limit.
 */
export function decodeArrow(bytes: Uint8Array, file: string, withHash = false): ArrowFile {
  try {
    checkArrowIpc(bytes);
  } catch (err) {
    if (err instanceof ArrowFramingError) throw new InputError(file, [{ path: '', expected: err.notArrow ? Expected.arrowIpc : Expected.arrowFraming, got: err.message }]);
    throw err;
  }
  const seconds = arrowReadSeconds(bytes.byteLength);
  try {
    const table = withinTime(seconds, () => tableFromIPC(bytes));
    return { table, sha256: withHash ? createHash('sha256').update(bytes).digest('hex') : '' };
  } catch (err) {
    if (err instanceof TimeBoundError) throw new InputError(file, [{ path: '', expected: Expected.arrowIpc, got: Found.timedOut(seconds) }]);
    throw new InputError(file, [{ path: '', expected: Expected.arrowIpc, got: err instanceof Error ? (err.message.split('\n')[0] ?? '') : String(err) }]);
  }
}

/** Opens an Arrow IPC file (file or stream format) as a table, with unreadable files reported as InputError. */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { tableFromIPC, type Table } from 'apache-arrow';
import { InputError } from '../core/input-error.ts';

/** An Arrow table and the sha256 of the file's bytes (for provenance, without reading the file twice). */
export interface ArrowFile {
  table: Table;
  sha256: string;
}

/** Reads the Arrow IPC file at `file`. @throws InputError when it is missing or not Arrow IPC. */
export function readArrowFile(file: string): Table {
  return readArrowFileWithHash(file, false).table;
}

/** Reads the Arrow IPC file at `file` and hashes its bytes. @throws InputError as readArrowFile. */
export function readArrowFileHashed(file: string): ArrowFile {
  return readArrowFileWithHash(file, true);
}

function readArrowFileWithHash(file: string, withHash: boolean): ArrowFile {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (err) {
    throw new InputError(file, [{ path: '', expected: 'a readable Arrow IPC file', got: (err as NodeJS.ErrnoException).code ?? String(err) }]);
  }
  try {
    const table = tableFromIPC(bytes);
    return { table, sha256: withHash ? createHash('sha256').update(bytes).digest('hex') : '' };
  } catch (err) {
    throw new InputError(file, [{ path: '', expected: 'an Arrow IPC file (file or stream format)', got: (err as Error).message.split('\n')[0] }]);
  }
}

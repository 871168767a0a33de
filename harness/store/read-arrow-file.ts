/** Opens an Arrow IPC file (file or stream format) as a table, with unreadable files reported as InputError. */
import { readFileSync } from 'node:fs';
import { tableFromIPC, type Table } from 'apache-arrow';
import { InputError } from '../core/input-error.ts';
import { hashFileInBackground } from './hash-file-in-background.ts';

/** An Arrow table and the sha256 of the file's bytes (for provenance), computed on a worker thread meanwhile. */
export interface ArrowFile {
  table: Table;
  /** Waits for the hex digest (hashFileInBackground). */
  sha256: () => string;
}

/** Reads the Arrow IPC file at `file`. @throws InputError when it is missing or not Arrow IPC. */
export function readArrowFile(file: string): Table {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (err) {
    throw new InputError(file, [{ path: '', expected: 'a readable Arrow IPC file', got: (err as NodeJS.ErrnoException).code ?? String(err) }]);
  }
  try {
    return tableFromIPC(bytes);
  } catch (err) {
    throw new InputError(file, [{ path: '', expected: 'an Arrow IPC file (file or stream format)', got: (err as Error).message.split('\n')[0] }]);
  }
}

/**
 * Reads the Arrow IPC file at `file` while a worker thread hashes its bytes (the digest is waited for only when asked).
 * @throws InputError as readArrowFile.
 */
export function readArrowFileHashed(file: string): ArrowFile {
  const sha256 = hashFileInBackground(file);
  return { table: readArrowFile(file), sha256 };
}

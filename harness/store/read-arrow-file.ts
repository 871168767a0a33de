/** Opens an Arrow IPC file (file or stream format) as a table, with unreadable files reported as InputError. */
import { readFileSync } from 'node:fs';
import { tableFromIPC, type Table } from 'apache-arrow';
import { InputError } from '../core/input-error.ts';

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

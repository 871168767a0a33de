/** Writes Arrow tables as IPC files, atomically (tables are built by `ContractTableBuilder` or `tableFromColumns`). */
import { tableToIPC, type Table } from 'apache-arrow';
import { writeFileAtomic } from './write-file-atomic.ts';

/** Writes `table` as an Arrow IPC file at `file` (temp file, then rename). */
export function writeArrowFile(file: string, table: Table): void {
  writeFileAtomic(file, tableToIPC(table, 'file'));
}

/**
 * Writes an import's output folder: the contract tables (searches.arrow, candidates.arrow with the operator's
 * decisions) and import.json, the summary; the folder is written whole or not at all.
 */
import path from 'node:path';
import { candidateColumns, searchColumns, type SearchRecord } from '../adjudicate/index.ts';
import { CANDIDATE_COLUMNS, OPERATOR_DECISION_COLUMN, SEARCH_COLUMNS } from '../store/contract.ts';
import { contractTable, writeArrowFile } from '../store/write-table.ts';
import { writeDirAtomic, writeFileAtomic } from '../store/write-file-atomic.ts';
import type { DecidedCandidate } from './alert-searches.ts';
import { ImportSummarySchema, type ImportSummary } from './import-summary.ts';

/** The files an import writes, by name. */
export const IMPORT_FILES = { searches: 'searches.arrow', candidates: 'candidates.arrow', summary: 'import.json' } as const;

/** Writes the tables and the summary into `dir` (whole or not at all); each file is also usable alone. */
export async function writeImport(dir: string, rows: { searches: readonly SearchRecord[]; candidates: readonly DecidedCandidate[]; summary: ImportSummary }): Promise<void> {
  await writeDirAtomic(dir, (tmp) => writeImportFiles(tmp, rows));
}

/** Writes the three files into an existing folder `dir` (each atomically). */
export function writeImportFiles(dir: string, rows: { searches: readonly SearchRecord[]; candidates: readonly DecidedCandidate[]; summary: ImportSummary }): void {
  writeArrowFile(path.join(dir, IMPORT_FILES.searches), contractTable(SEARCH_COLUMNS, searchColumns(rows.searches)));
  const columns = { ...candidateColumns(rows.candidates), [OPERATOR_DECISION_COLUMN.name]: rows.candidates.map((c) => c.decision) };
  writeArrowFile(path.join(dir, IMPORT_FILES.candidates), contractTable([...CANDIDATE_COLUMNS, OPERATOR_DECISION_COLUMN], columns));
  writeFileAtomic(path.join(dir, IMPORT_FILES.summary), `${JSON.stringify(ImportSummarySchema.parse(rows.summary), null, 2)}\n`);
}

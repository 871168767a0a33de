/**
 * Writes an import's output folder: the contract tables (searches.arrow, candidates.arrow with the operator's
 * decisions) and import.json, the summary; the folder is written whole or not at all.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Table } from 'apache-arrow';
import { searchesTable, type SearchRecord } from '../adjudicate/index.ts';
import { CANDIDATE_COLUMNS, OPERATOR_DECISION_COLUMN, type CandidateRow } from '../store/contract.ts';
import { ContractTableBuilder } from '../store/table-builder.ts';
import { writeArrowFile } from '../store/write-table.ts';
import { writeDirAtomic, writeFileAtomic } from '../store/write-file-atomic.ts';
import type { DecidedCandidate } from './alert-searches.ts';
import { ImportSummarySchema, type ImportSummary } from './import-summary.ts';

/** The files an import writes, by name; the combined human + algorithm system's go into the `operator` folder. */
export const IMPORT_FILES = { searches: 'searches.arrow', candidates: 'candidates.arrow', summary: 'import.json', operator: 'operator' } as const;

/** One system's tables and summary. */
export interface ImportedTables {
  searches: readonly SearchRecord[];
  candidates: readonly DecidedCandidate[];
  summary: ImportSummary;
}

/** Writes the tables and the summary into `dir` (whole or not at all), and the operator's system into dir/operator/. */
export async function writeImport(dir: string, rows: ImportedTables & { operator?: ImportedTables | null }): Promise<void> {
  await writeDirAtomic(dir, (tmp) => writeImportFiles(tmp, rows));
}

/** Writes the files into an existing folder `dir` (each atomically), and the operator's system into dir/operator/. */
export function writeImportFiles(dir: string, rows: ImportedTables & { operator?: ImportedTables | null }): void {
  if (rows.operator != null) {
    const sub = path.join(dir, IMPORT_FILES.operator);
    mkdirSync(sub, { recursive: true });
    writeImportFiles(sub, rows.operator);
  }
  writeArrowFile(path.join(dir, IMPORT_FILES.searches), searchesTable(rows.searches));
  writeArrowFile(path.join(dir, IMPORT_FILES.candidates), decidedCandidatesTable(rows.candidates));
  writeFileAtomic(path.join(dir, IMPORT_FILES.summary), `${JSON.stringify(ImportSummarySchema.parse(rows.summary), null, 2)}\n`);
}

/** The candidates table with the operator's decision column, through the contract's typed table builder. */
function decidedCandidatesTable(rows: readonly DecidedCandidate[]): Table {
  const b = new ContractTableBuilder<CandidateRow & { operator_decision: string | null }>([...CANDIDATE_COLUMNS, OPERATOR_DECISION_COLUMN]);
  for (const r of rows) {
    b.add({ search_id: r.searchId, rank: r.rank, gallery_id: r.galleryId, score: r.score, is_mate: r.isMate, gallery_ethnicity: r.galleryEthnicity, operator_decision: r.decision });
  }
  return b.toTable();
}

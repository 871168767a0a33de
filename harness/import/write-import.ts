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
import { writeOutputFolder, type OutputKind } from '../store/output-location.ts';
import { writeFileAtomic } from '../store/write-file-atomic.ts';
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

/** The kind of folder an import writes (its marker), and the names it wrote before folders carried one. */
export const IMPORT_OUTPUT: OutputKind = { name: 'import', legacyNames: Object.values(IMPORT_FILES) };

/**
 * Writes the tables and the summary into `dir` (whole or not at all), and the operator's system into dir/operator/.
 * `dir` is checked as every output location is: refused when it holds one of `inputs` (the log, the manifest, the
 * lists...) or is a folder other than an earlier import (docs/bad-input.md).
 * @throws InputError naming --out before anything is written.
 */
export async function writeImport(dir: string, rows: ImportedTables & { operator?: ImportedTables | null }, inputs: readonly string[] = []): Promise<void> {
  await writeOutputFolder({ kind: IMPORT_OUTPUT, dir, option: '--out', inputs }, (tmp) => writeImportFiles(tmp, rows));
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

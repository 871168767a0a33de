/** The store: the searches/candidates contract in Arrow, its readers and writers, and atomic output. */
// public API
export { SEARCH_COLUMNS, CANDIDATE_COLUMNS, CONDITION_COLUMNS, OPERATOR_DECISION_COLUMN, SearchSource, SIMULATED_METADATA_KEY, type ColumnSpec, type SearchRow, type SearchRowWithConditions, type CandidateRow } from './contract.ts';
export { ContractTableBuilder, searchesBuilder, searchesWithConditionsBuilder, candidatesBuilder } from './table-builder.ts';
export { writeArrowFile } from './write-table.ts';
export { readSearches, checkSearches, type SearchesData } from './read-searches.ts';
export { reconcileCandidates, type CandidatesSummary } from './read-candidates.ts';
export { readArrowFile } from './read-arrow-file.ts';
export { writeFileAtomic, writeDirAtomic } from './write-file-atomic.ts';
export { RUN_RECORD_FILE, RunRecordSchema, readRunRecord, readRunRecordIfAny, writeRunRecord, copyProtocol, type RunRecord, type RunRecordInput, type RunAlgorithm, type WithdrawalRecord } from './run-record.ts';
export { readPlainTable, plainTable, selectRows, reorderRows, concatTables, writePlainTable, plainTableBytes, searchColumnsOf, SEARCH_AND_CONDITION_COLUMNS, type PlainTable } from './plain-table.ts';

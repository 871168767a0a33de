/** Reads the import summary (import.json) an import left beside its searches.arrow, when there is one. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseWithSchema, readStructuredFile } from '../campaign/read-structured-file.ts';
import { ImportSummarySchema, type ImportSummary } from './import-summary.ts';

/**
 * The import.json in the folder of `searchesFile`, checked; null when there is none (tables not made by an import).
 * @throws InputError naming import.json and each bad field when it is there but not a valid summary.
 * @example loadImportSummary('runs/vendor-a/searches.arrow')?.excluded.malformedRows
 */
export function loadImportSummary(searchesFile: string): ImportSummary | null {
  const file = path.join(path.dirname(searchesFile), 'import.json');
  return existsSync(file) ? parseWithSchema(ImportSummarySchema, readStructuredFile(file), file) : null;
}

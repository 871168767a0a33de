/** Loads and validates a results.json written by `evenhand analyse` (or any tool following its schema). */
import { parseWithSchema, readStructuredFile } from '../campaign/read-structured-file.ts';
import { ResultsSchema, type Results } from './results-schema.ts';

/** Reads `file`. @throws InputError naming the file and each path that fails the schema. */
export function loadResults(file: string): Results {
  return parseWithSchema(ResultsSchema, readStructuredFile(file), file);
}

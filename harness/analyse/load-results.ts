/** Loads and validates a results.json written by `evenhand analyse` (or any tool following its schema). */
import { parseWithSchema, readStructuredFile } from '../campaign/read-structured-file.ts';
import { InputError } from '../core/input-error.ts';
import { checkResults } from './check-results.ts';
import { ResultsSchema, type Results } from './results-schema.ts';

/** Reads `file`. @throws InputError naming the file and each path that fails the schema or its rules (k <= n, ...). */
export function loadResults(file: string): Results {
  const results = parseWithSchema(ResultsSchema, readStructuredFile(file), file);
  const problems = checkResults(results);
  if (problems.length > 0) throw new InputError(file, problems);
  return results;
}

/** Loads and validates a results.json written by `evenhand analyse` (or any tool following its schema). */
import { parseWithSchema, readStructuredFile } from '../campaign/read-structured-file.ts';
import { InputError, show } from '../core/input-error.ts';
import { checkResults } from './check-results.ts';
import { RESULTS_SCHEMA_VERSION, ResultsSchema, type Results } from './results-schema.ts';

/**
 * Reads `file`. A results.json of another schema version is refused first, with the version this Evenhand needs
 * and how to get it (rerun `evenhand analyse`), rather than with a list of every field that changed.
 * @throws InputError naming the file and each path that fails the schema or its rules (k <= n, ...).
 */
export function loadResults(file: string): Results {
  const value = readStructuredFile(file);
  const version = typeof value === 'object' && value !== null && 'schemaVersion' in value ? value.schemaVersion : undefined;
  if (version !== RESULTS_SCHEMA_VERSION) {
    throw new InputError(file, [{
      path: 'schemaVersion',
      expected: `results schema version ${RESULTS_SCHEMA_VERSION} (reports/results.schema.json); this file was written for another version: run evenhand analyse again on the same searches and candidates to get version ${RESULTS_SCHEMA_VERSION}`,
      got: show(version),
    }]);
  }
  const results = parseWithSchema(ResultsSchema, value, file);
  const problems = checkResults(results);
  if (problems.length > 0) throw new InputError(file, problems);
  return results;
}

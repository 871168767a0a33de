/** Loads and validates a results.json written by `evenhand analyse` (or any tool following its schema). */
import { parseWithSchema, readStructuredFile } from '../campaign/read-structured-file.ts';
import { InputError, show } from '../core/input-error.ts';
import { RESULTS_SCHEMA_VERSION, ResultsSchema, type Results } from './results-schema.ts';

/**
 * Reads `file`. A results.json of another schema version is refused first, with the version this Evenhand needs
 * and how to get it (rerun `evenhand analyse`), rather than with a list of every field that changed.
 * @throws InputError naming the file and each path that fails the schema.
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
  return parseWithSchema(ResultsSchema, value, file);
}

/**
 * Golden files for tests: compare output with a committed file. On a mismatch a `-changed` file is written beside
 * the golden for review, and the test fails; a missing golden is written (and fails under CI=true).
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';

/** The outcome of a golden comparison: ok, or a message saying what to look at. */
export function checkGolden(file: string, actual: string): { ok: boolean; message: string } {
  const changed = file.replace(/(\.[a-z]+)$/i, '-changed$1');
  if (!existsSync(file)) {
    if (process.env.CI === 'true') return { ok: false, message: `golden file ${file} is missing (run the tests locally to create it)` };
    writeFileSync(file, actual);
    return { ok: true, message: `wrote new golden file ${file}` };
  }
  if (readFileSync(file, 'utf8') === actual) {
    rmSync(changed, { force: true });
    return { ok: true, message: 'matches' };
  }
  writeFileSync(changed, actual);
  return { ok: false, message: `output differs from ${file}; see ${changed} (replace the golden if the change is intended)` };
}

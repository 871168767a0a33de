/**
 * Golden files for tests (after Plot's test/plot.js): compare output with a committed file; on a mismatch write
 * `<name>-changed.<ext>` beside it and fail; a missing golden file is written, or fails under CI=true.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** The outcome of a golden check: `ok`, or a message saying what to look at. */
export type GoldenOutcome = { ok: true } | { ok: false; message: string };

/**
 * Compares `actual` with golden file `name` in `options.dir`. Writes it when missing (unless `ci`); writes a
 * `-changed` twin on a mismatch (replace the golden file with it to accept a change).
 * @example checkGolden('index.html', html, { ci: process.env.CI === 'true', dir: 'harness/report/golden' })
 */
export function checkGolden(name: string, actual: string, options: { ci: boolean; dir: string }): GoldenOutcome {
  const file = path.join(options.dir, name);
  const ext = path.extname(name);
  const changed = path.join(options.dir, `${name.slice(0, name.length - ext.length)}-changed${ext}`);
  if (!existsSync(file)) {
    if (options.ci) return { ok: false, message: `golden file ${file} is missing (CI=true: generate it locally and commit it)` };
    writeFileSync(file, actual);
    return { ok: true };
  }
  if (readFileSync(file, 'utf8') === actual) {
    rmSync(changed, { force: true });
    return { ok: true };
  }
  writeFileSync(changed, actual);
  return { ok: false, message: `${name} differs from its golden file: compare ${changed} with ${file}; if the change is intended, replace the golden file with it` };
}

/**
 * Golden-file checks for rendered output (after Plot's test/plot.js): compare text with a committed file; on a
 * mismatch write `<name>-changed.<ext>` beside it and fail; a missing golden file is written, or fails under CI=true.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Folder of the committed golden files. */
export const GOLDEN_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'golden');

/** The outcome of a golden check: `ok`, or a message saying what to look at. */
export type GoldenOutcome = { ok: true } | { ok: false; message: string };

/**
 * Compares `actual` with golden file `name` in `dir`. Writes it when missing (unless `ci`); writes a `-changed`
 * twin on a mismatch (remove the golden file and rerun to accept a change).
 * @example checkGolden('index.html', html, { ci: process.env.CI === 'true' })
 */
export function checkGolden(name: string, actual: string, options: { ci: boolean; dir?: string }): GoldenOutcome {
  const dir = options.dir ?? GOLDEN_DIR;
  const file = path.join(dir, name);
  const ext = path.extname(name);
  const changed = path.join(dir, `${name.slice(0, name.length - ext.length)}-changed${ext}`);
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

/**
 * Normalises a report page for a golden file: each inline SVG becomes a placeholder that keeps its text
 * alternative (the specs have golden files of their own), the generator version is masked, and block ends get a
 * line break so that diffs are readable.
 */
export function normaliseHtml(html: string): string {
  return html
    .replace(/<svg\b[^>]*?aria-label="([^"]*)"[^>]*>[\s\S]*?<\/svg>/g, '<svg aria-label="$1">[chart]</svg>')
    .replace(/Made with Evenhand [^,]+,/g, 'Made with Evenhand VERSION,')
    .replace(/(<\/(?:tr|p|li|table|section|div|figure|details|h[1-6]|ul|thead|caption)>)(?!\n)/g, '$1\n');
}

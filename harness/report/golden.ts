/** Golden files of the report: where they live and how a page is normalised before comparison (core/golden.ts compares). */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export { checkGolden, type GoldenOutcome } from '../core/golden.ts';

/** Folder of the report's committed golden files. */
export const GOLDEN_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'golden');

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

/**
 * PDFs of report pages through the system Chromium: print-to-PDF of the offline HTML, A4, chart data tables opened,
 * tagged (a structure tree in reading order, headings, figures with their text alternatives, the page's language
 * and title) with the headings as the document outline, and "Simulated data" in the header of every page when the
 * results are simulated.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CHROMIUM_MISSING, findChromium, launchChromium } from './browser.ts';

export { CHROMIUM_MISSING, findChromium };

/** Options of `printPdf`. */
export interface PrintOptions {
  /** Where to look for Chromium (EVENHAND_CHROMIUM). */
  env: NodeJS.ProcessEnv;
  /** Whether the results are simulated: every printed page then says so in its header. */
  simulated: boolean;
}

/** The words in the header of every printed page of simulated results. */
export const SIMULATED_HEADER = 'Simulated data: not a measurement of any real system';

/** The page header and footer templates (Chromium fills in pageNumber and totalPages). */
function templates(simulated: boolean): { headerTemplate: string; footerTemplate: string } {
  const style = 'font-size:9px;width:100%;text-align:center;font-family:sans-serif';
  return {
    headerTemplate: simulated ? `<div style="${style};color:#6b4200;font-weight:bold">${SIMULATED_HEADER}</div>` : '<span></span>',
    footerTemplate: `<div style="${style}"><span class="pageNumber"></span> / <span class="totalPages"></span></div>`,
  };
}

/**
 * Prints each HTML file in `files` (paths) to a tagged PDF, returned as path.pdf -> bytes (nothing is written here).
 * @throws Error with CHROMIUM_MISSING when no Chromium is installed.
 * @example await printPdf(['reports/demo/index.html'], { env: process.env, simulated: true })
 */
export async function printPdf(files: readonly string[], options: PrintOptions): Promise<Map<string, Uint8Array>> {
  const exe = findChromium(options.env);
  if (exe === null) throw new Error(CHROMIUM_MISSING);
  const browser = await launchChromium(exe);
  const out = new Map<string, Uint8Array>();
  try {
    for (const file of files) {
      readFileSync(file); // a missing file fails here with its name, not inside the browser
      const page = await browser.newPage();
      await page.goto(pathToFileURL(path.resolve(file)).href, { waitUntil: 'load' });
      await page.emulateMediaType('print');
      // Printed pages have no disclosure widgets to click: open the charts' data tables (the annex's full rate
      // tables, hundreds of pages, stay closed; the print says they are in rates.csv).
      await page.evaluate("document.querySelectorAll('details:not(.full-table)').forEach((d) => { d.open = true; })");
      const pdf = await page.pdf({
        format: 'A4', printBackground: true, tagged: true, outline: true,
        margin: { top: '16mm', bottom: '15mm', left: '12mm', right: '12mm' },
        displayHeaderFooter: true, ...templates(options.simulated),
      });
      out.set(file.replace(/\.html$/, '.pdf'), pdf);
      await page.close();
    }
  } finally {
    await browser.close();
  }
  return out;
}

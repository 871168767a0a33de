/** PDFs of report pages through the system Chromium (print-to-PDF of the offline HTML, A4, chart data tables opened). */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CHROMIUM_MISSING, findChromium, launchChromium } from './browser.ts';

export { CHROMIUM_MISSING, findChromium };

/**
 * Prints each HTML file in `files` (paths) to a PDF, returned as path.pdf -> bytes (nothing is written here).
 * @throws Error with CHROMIUM_MISSING when no Chromium is installed.
 * @example await printPdf(['reports/demo/index.html'], process.env)
 */
export async function printPdf(files: readonly string[], env: NodeJS.ProcessEnv): Promise<Map<string, Uint8Array>> {
  const exe = findChromium(env);
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
      const pdf = await page.pdf({ format: 'A4', printBackground: true, margin: { top: '15mm', bottom: '15mm', left: '12mm', right: '12mm' }, displayHeaderFooter: true, headerTemplate: '<span></span>', footerTemplate: '<div style="font-size:8px;width:100%;text-align:center"><span class="pageNumber"></span> / <span class="totalPages"></span></div>' });
      out.set(file.replace(/\.html$/, '.pdf'), pdf);
      await page.close();
    }
  } finally {
    await browser.close();
  }
  return out;
}

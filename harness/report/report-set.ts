/**
 * The full report set from one results.json: the public report, the technical annex, the threshold explorer and the
 * data downloads, as file name -> contents, so the CLI, the demo, tests and the benchmark write the same thing.
 *
 *   results.json ─┬─ public-report.ts ─> index.html     (plain words, charts, suppression)
 *                 ├─ annex.ts ─────────> annex.html     (every table, tests, DET, scores, provenance)
 *                 ├─ explorer.ts ──────> explorer.html  (slider; vega bundled inline)
 *                 └─ downloads.ts ─────> rates.csv, rates.arrow (+ results.json copied)
 */
import type { Results } from '../analyse/results-schema.ts';
import { renderAnnex } from './annex.ts';
import { chartCache } from './chart-cache.ts';
import { cmcCsv, ratesArrow, ratesCsv } from './downloads.ts';
import { renderExplorer, vegaScripts } from './explorer.ts';
import type { ReportFile } from './page.ts';
import { renderPublicReport } from './public-report.ts';
import { siteBreakdownSection, siteSentence } from './site-breakdown.ts';
import type { SiteAnalysis } from '../combine/site-analysis-schema.ts';

/** Options of a report set. */
export interface ReportSetOptions {
  /** Passers-by per deployment-hour for the explorer (default: the policy recorded in results.json). */
  passersByPerHour?: number;
  /** Inline library scripts for the explorer; default the vega bundles from node_modules. */
  libraries?: string;
  /** A combined study's site analysis: a site section in the annex and a sentence on the public page. */
  sites?: SiteAnalysis;
}

/**
 * Renders every page and download of the report for `results`.
 * @example const files = await renderReportSet(results); files.get('index.html')
 */
export async function renderReportSet(results: Results, options: ReportSetOptions = {}): Promise<Map<ReportFile, string | Uint8Array>> {
  const render = chartCache();
  const files = new Map<ReportFile, string | Uint8Array>();
  const sites = options.sites;
  files.set('index.html', await renderPublicReport(results, render, sites === undefined ? [] : [siteSentence(sites)]));
  files.set('annex.html', await renderAnnex(results, render, sites === undefined ? [] : [siteBreakdownSection(results, sites)]));
  files.set('explorer.html', renderExplorer(results, {
    passersByPerHour: options.passersByPerHour ?? results.runInputs.policy.passersByPerHour,
    libraries: options.libraries ?? vegaScripts(),
  }));
  files.set('rates.csv', ratesCsv(results));
  files.set('rates.arrow', ratesArrow(results));
  const cmc = cmcCsv(results);
  if (cmc !== null) files.set('cmc.csv', cmc);
  files.set('results.json', `${JSON.stringify(results)}\n`);
  return files;
}

/** `evenhand report`: renders the public report, technical annex, threshold explorer and data downloads from results.json. */
import path from 'node:path';
import type { CommandModule } from 'yargs';
import { loadResults } from '../analyse/load-results.ts';
import { CHROMIUM_MISSING, findChromium, printPdf, renderReportSet } from '../report/index.ts';
import { Bounds } from '../core/bounds.ts';
import { checkOutputTarget, writeOutputFolder, type OutputKind, type OutputTarget } from '../store/output-location.ts';
import { writeFileAtomic } from '../store/write-file-atomic.ts';
import { boundedOption, pathOption } from './option-values.ts';
import { outOption, say, SIMULATED_BANNER } from './options.ts';

interface Args { results: string; out: string; pdf: boolean; 'passers-by-per-hour'?: number }

/** Names a report folder holds (the marker aside). */
export const REPORT_FILES = ['index.html', 'annex.html', 'explorer.html', 'rates.csv', 'rates.arrow', 'results.json', 'index.pdf', 'annex.pdf'] as const;

/** What `report` writes: the pages and downloads of one results.json. */
export const REPORT_OUTPUT: OutputKind = { name: 'report', legacyNames: REPORT_FILES };

/**
 * Writes the report set for `results` into `dir` (already a fresh folder), with PDFs when `pdf`; `passersByPerHour`
 * overrides the policy's recorded in results.json.
 */
export async function writeReportSet(dir: string, results: ReturnType<typeof loadResults>, options: { pdf: boolean; passersByPerHour?: number }): Promise<string[]> {
  const files = await renderReportSet(results, options.passersByPerHour === undefined ? {} : { passersByPerHour: options.passersByPerHour });
  for (const [name, data] of files) writeFileAtomic(path.join(dir, name), data);
  const written: string[] = [...files.keys()];
  if (options.pdf) {
    const pdfs = await printPdf([path.join(dir, 'index.html'), path.join(dir, 'annex.html')], { env: process.env, simulated: results.campaign.simulated });
    for (const [file, data] of pdfs) {
      writeFileAtomic(file, data);
      written.push(path.basename(file));
    }
  }
  return written;
}

export const reportCommand: CommandModule<object, Args> = {
  command: 'report',
  describe: 'Render the public report, technical annex, threshold explorer and data downloads from results.json',
  builder: (y) => y
    .option('results', pathOption('--results', 'results.json written by evenhand analyse'))
    .option('out', outOption('the report pages'))
    .option('pdf', { type: 'boolean', default: false, describe: 'Also print index.pdf and annex.pdf through the system Chromium' })
    .option('passers-by-per-hour', boundedOption('--passers-by-per-hour', Bounds.passersByPerHour, 'Passers-by per deployment-hour, for false alerts per hour in the explorer (default: the policy in results.json, runInputs.policy.passersByPerHour)'))
    .epilog('Writes index.html (public report), annex.html (technical annex), explorer.html (threshold explorer), rates.csv, rates.arrow and a copy of results.json. Pages are self-contained: charts are SVG rendered here from Vega-Lite specs, the explorer carries vega inline, and nothing is fetched from the network. No names, ids or images of people; groups smaller than the protocol\'s report.minCellSize are suppressed in the public report. --pdf needs Chromium (EVENHAND_CHROMIUM or /usr/bin/chromium).')
    .example('evenhand report --results runs/sim7/analysis/results.json --out reports/out/sim7', '')
    .example('evenhand report --results reports/demo/results.json --out reports/out/demo --pdf', ''),
  handler: async (args) => {
    const target: OutputTarget = { kind: REPORT_OUTPUT, dir: args.out, option: '--out', inputs: [args.results] };
    checkOutputTarget(target);
    const perHour = args['passers-by-per-hour'];
    const results = loadResults(args.results);
    if (args.pdf && findChromium(process.env) === null) {
      say(CHROMIUM_MISSING);
      process.exitCode = 3;
      return;
    }
    let written: string[] = [];
    await writeOutputFolder(target, async (dir) => {
      written = await writeReportSet(dir, results, { pdf: args.pdf, ...(perHour === undefined ? {} : { passersByPerHour: perHour }) });
    });
    if (results.campaign.simulated) say(SIMULATED_BANNER);
    console.log(`wrote ${written.map((f) => path.join(args.out, f)).join(', ')}`);
  },
};

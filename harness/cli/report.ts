/** `evenhand report`: renders the report pages from results.json. */
import path from 'node:path';
import type { CommandModule } from 'yargs';
import { loadResults } from '../analyse/load-results.ts';
import { renderPublicReport } from '../report/public-report.ts';
import { writeDirAtomic, writeFileAtomic } from '../store/write-file-atomic.ts';
import { outOption, say, SIMULATED_BANNER } from './options.ts';

interface Args { results: string; out: string }

export const reportCommand: CommandModule<object, Args> = {
  command: 'report',
  describe: 'Render the public report (index.html) from results.json',
  builder: (y) => y
    .option('results', { type: 'string', demandOption: true, describe: 'results.json written by evenhand analyse' })
    .option('out', outOption('the report pages'))
    .epilog('The page is self-contained (charts are SVG rendered here from Vega-Lite specs; no network requests) and holds no names, ids or images of people. Groups smaller than the protocol\'s report.minCellSize are suppressed.')
    .example('evenhand report --results runs/sim7/analysis/results.json --out reports/out/sim7', '') as never,
  handler: async (args) => {
    const results = loadResults(args.results);
    const html = await renderPublicReport(results);
    await writeDirAtomic(args.out, (dir) => writeFileAtomic(path.join(dir, 'index.html'), html));
    if (results.campaign.simulated) say(SIMULATED_BANNER);
    console.log(`wrote ${path.join(args.out, 'index.html')}`);
  },
};

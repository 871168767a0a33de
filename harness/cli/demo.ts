/** `evenhand demo`: the whole main job on the embedded NPL-style protocol, with simulated data, in one command. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CommandModule } from 'yargs';
import { loadProtocol } from '../campaign/load-protocol.ts';
import { analyseCampaign } from '../analyse/analyse-campaign.ts';
import { chooseThreshold } from '../policy/index.ts';
import { simulateCampaign, writeSimulation, SimulationFiles } from '../simulate/index.ts';
import { writeDirAtomic } from '../store/write-file-atomic.ts';
import { SimulationSchema } from '../campaign/protocol-schema.ts';
import { findChromium, LevelWords, oneIn, percent, policyRationale, rateIndex, threshold } from '../report/index.ts';
import { say, SIMULATED_BANNER } from './options.ts';
import { writeReportSet } from './report.ts';

interface Args { protocol: string; seed: number; out: string; pdf: boolean }

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export const demoCommand: CommandModule<object, Args> = {
  command: 'demo',
  describe: 'Simulate an NPL-scale campaign, analyse it and write the full report set to reports/demo/',
  builder: (y) => y
    .option('protocol', { type: 'string', default: path.join(root, 'protocols/npl-2023-lfr.json'), describe: 'Protocol with a simulation block' })
    .option('seed', { type: 'number', default: 2023, describe: 'Random seed' })
    .option('out', { type: 'string', default: path.join(root, 'reports/demo'), describe: 'Output folder (data/, results.json, the report pages and downloads)' })
    .option('pdf', { type: 'boolean', default: false, describe: 'Also print index.pdf and annex.pdf (needs Chromium; skipped with a message when absent)' })
    .epilog('Runs simulate -> analyse -> report. The data are simulated and every output says so. Prints the headline rates at the operational thresholds, for each grouping with a significant difference the thresholds where it is significant and the threshold from which none is (the equity threshold), and the policy\'s choice of threshold with its reasons.')
    .example('evenhand demo', 'NPL 2023 design, no true difference between groups, into reports/demo/')
    .example('evenhand demo --protocol protocols/npl-2023-replication.json --out reports/out/replication', 'NPL\'s finding replicated: false alerts differ by ethnicity below 0.60'),
  handler: async (args) => {
    const campaign = loadProtocol(args.protocol);
    say(SIMULATED_BANNER);
    await writeDirAtomic(args.out, async (dir) => {
      const data = path.join(dir, 'data');
      say(`1/3 simulate ${campaign.id} (seed ${args.seed})`);
      const sim = simulateCampaign(campaign, campaign.simulation ?? SimulationSchema.parse({}), args.seed);
      writeSimulation(data, sim, { protocol: campaign.id, seed: args.seed });
      say(`2/3 analyse ${sim.searches.length} searches at ${campaign.thresholds.length} thresholds`);
      const results = analyseCampaign(campaign, [{
        id: campaign.algorithms[0]?.id ?? 'simulated', label: campaign.algorithms[0]?.label ?? 'Simulated algorithm',
        searches: path.join(data, SimulationFiles.searches), candidates: path.join(data, SimulationFiles.candidates),
      }]);
      say('3/3 report');
      const pdf = args.pdf && findChromium(process.env) !== null;
      if (args.pdf && !pdf) say('no Chromium found: skipping the PDFs (set EVENHAND_CHROMIUM or install chromium)');
      await writeReportSet(dir, results, { pdf });
      const a = results.algorithms[0];
      if (a !== undefined) {
        const ix = rateIndex(a);
        for (const t of results.settings.operationalThresholds) {
          const tp = ix.get('TPIR', 'mated', 'overall', t);
          const fp = ix.get('FPIR', 'crowd', 'overall', t);
          console.log(`threshold ${threshold(t)}: TPIR ${percent(tp?.estimate ?? null)}, crowd FPIR ${oneIn(fp?.estimate ?? null)} (simulated)`);
        }
        for (const e of a.equityThresholds.filter((x) => x.significantAt.length > 0)) {
          console.log(`${e.metric} (${e.population}) by ${LevelWords[e.level]}: significant difference at ${e.significantAt.map(threshold).join(', ')}; none from ${e.threshold === null ? 'no threshold swept' : threshold(e.threshold)} up`);
        }
        const policy = results.runInputs.policy;
        console.log(`policy: ${policyRationale(results, chooseThreshold(results, a, policy), policy)}`);
      }
    });
    console.log(`wrote ${path.join(args.out, 'index.html')}, annex.html, explorer.html, rates.csv, rates.arrow (SIMULATED data)`);
  },
};

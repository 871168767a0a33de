/** `evenhand simulate`: writes a campaign's searches and candidates from the protocol's score model. */
import type { CommandModule } from 'yargs';
import { loadProtocol } from '../campaign/load-protocol.ts';
import { SimulationSchema } from '../campaign/protocol-schema.ts';
import { recordSimulation, simulateCampaign, writeSimulation } from '../simulate/index.ts';
import { writeDirAtomic } from '../store/write-file-atomic.ts';
import { outOption, protocolOption, say, SIMULATED_BANNER } from './options.ts';

interface Args { protocol: string; seed: number; out: string; volunteers?: number; crowd?: number; site?: string }

export const simulateCommand: CommandModule<object, Args> = {
  command: 'simulate',
  describe: 'Simulate a campaign (searches.arrow, candidates.arrow, truth.json) from a score model',
  builder: (y) => y
    .option('protocol', protocolOption)
    .option('seed', { type: 'number', default: 1, describe: 'Random seed: the same protocol and seed give identical files' })
    .option('out', outOption('searches.arrow, candidates.arrow, truth.json, the protocol and the run record'))
    .option('volunteers', { type: 'number', describe: 'Override simulation.volunteers' })
    .option('crowd', { type: 'number', describe: 'Override simulation.crowdSearches (members of the public)' })
    .option('site', { type: 'string', describe: 'Where the simulated deployments are said to be, for evenhand combine (default: the label combine gives the run)' })
    .epilog('The score model is the protocol\'s "simulation" block (defaults: about 400 volunteers x 10 passes, 130,000 crowd searches, a 178,000-image filler gallery; TPIR about 0.89 and FPIR about 1 in 6,000 at 0.6). truth.json holds the true rates by group and threshold, so estimates can be checked.')
    .example('evenhand simulate --protocol protocols/npl-2023-lfr.json --seed 7 --out runs/sim7', 'NPL-scale simulated campaign') as never,
  handler: async (args) => {
    const campaign = loadProtocol(args.protocol);
    const sim = { ...(campaign.simulation ?? SimulationSchema.parse({})) };
    if (args.volunteers !== undefined) sim.volunteers = checkCount(args.volunteers, '--volunteers');
    if (args.crowd !== undefined) sim.crowdSearches = checkCount(args.crowd, '--crowd');
    say(`simulating ${campaign.id}: ${sim.volunteers} volunteers x ${sim.passesPerVolunteer} passes, ${sim.crowdSearches} crowd searches, seed ${args.seed}`);
    const result = simulateCampaign(campaign, sim, args.seed);
    await writeDirAtomic(args.out, (dir) => {
      writeSimulation(dir, result, { protocol: campaign.id, seed: args.seed });
      recordSimulation({ dir, protocolFile: args.protocol, campaign, sim, site: args.site ?? null });
    });
    say(SIMULATED_BANNER);
    console.log(`wrote ${args.out}: ${result.searches.length} searches, ${result.candidates.length} candidates`);
  },
};

function checkCount(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 0) {
    process.stderr.write(`evenhand simulate: ${name} must be a whole number >= 0, got ${value}\n`);
    process.exit(2);
  }
  return value;
}

/** `evenhand simulate`: writes a campaign's searches and candidates from the protocol's score model. */
import type { CommandModule } from 'yargs';
import { loadProtocol } from '../campaign/load-protocol.ts';
import { SimulationSchema } from '../campaign/protocol-schema.ts';
import { simulationSizeProblems } from '../campaign/simulation-size.ts';
import { Bounds } from '../core/bounds.ts';
import { InputError } from '../core/input-error.ts';
import { AUDIT_LOG_FILE } from '../govern/index.ts';
import { recordSimulation, simulateCampaign, writeSimulation, SimulationFiles } from '../simulate/index.ts';
import { checkOutputTarget, writeOutputFolder, type OutputKind, type OutputTarget } from '../store/output-location.ts';
import { RUN_RECORD_FILE } from '../store/run-record.ts';
import { boundedOption, textOption } from './option-values.ts';
import { outOption, protocolOption, say, SIMULATED_BANNER } from './options.ts';

interface Args { protocol: string; seed: number; out: string; volunteers?: number; crowd?: number; site?: string }

/** What `simulate` writes: the contract tables and the true rates. */
export const SIMULATION_OUTPUT: OutputKind = { name: 'simulation', legacyNames: [...Object.values(SimulationFiles), RUN_RECORD_FILE, /^protocol\.(json|ya?ml)$/, AUDIT_LOG_FILE] };

export const simulateCommand: CommandModule<object, Args> = {
  command: 'simulate',
  describe: 'Simulate a campaign (searches.arrow, candidates.arrow, truth.json) from a score model',
  builder: (y) => y
    .option('protocol', protocolOption)
    .option('seed', boundedOption('--seed', Bounds.seed, 'Random seed: the same protocol and seed give identical files', 1))
    .option('out', outOption('searches.arrow, candidates.arrow, truth.json, the protocol and the run record'))
    .option('volunteers', boundedOption('--volunteers', Bounds.simVolunteers, 'Override simulation.volunteers'))
    .option('crowd', boundedOption('--crowd', Bounds.simCrowd, 'Override simulation.crowdSearches (members of the public)'))
    .option('site', textOption('--site', 'Where the simulated deployments are said to be, for evenhand combine (default: the label combine gives the run)', { expected: 'a place name of one line' }))
    .epilog('The score model is the protocol\'s "simulation" block (defaults: about 400 volunteers x 10 passes, 130,000 crowd searches, a 178,000-image filler gallery; TPIR about 0.89 and FPIR about 1 in 6,000 at 0.6). truth.json holds the true rates by group and threshold, so estimates can be checked.')
    .example('evenhand simulate --protocol protocols/npl-2023-lfr.json --seed 7 --out runs/sim7', 'NPL-scale simulated campaign') as never,
  handler: async (args) => {
    const target: OutputTarget = { kind: SIMULATION_OUTPUT, dir: args.out, option: '--out', inputs: [args.protocol] };
    checkOutputTarget(target);
    const campaign = loadProtocol(args.protocol);
    const sim = { ...(campaign.simulation ?? SimulationSchema.parse({})) };
    if (args.volunteers !== undefined) sim.volunteers = args.volunteers;
    if (args.crowd !== undefined) sim.crowdSearches = args.crowd;
    const tooBig = simulationSizeProblems(sim, 'simulation');
    if (tooBig.length > 0) throw new InputError(args.crowd !== undefined ? '--crowd' : '--volunteers', tooBig.map((p) => ({ ...p, path: '' })));
    say(`simulating ${campaign.id}: ${sim.volunteers} volunteers x ${sim.passesPerVolunteer} passes, ${sim.crowdSearches} crowd searches, seed ${args.seed}`);
    const result = simulateCampaign(campaign, sim, args.seed);
    await writeOutputFolder(target, (dir) => {
      writeSimulation(dir, result, { protocol: campaign.id, seed: args.seed });
      recordSimulation({ dir, protocolFile: args.protocol, campaign, sim, site: args.site ?? null });
    });
    say(SIMULATED_BANNER);
    console.log(`wrote ${args.out}: ${result.searches.length} searches, ${result.candidates.length} candidates`);
  },
};

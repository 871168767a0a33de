/** `evenhand validate`: checks a protocol and, optionally, a dataset manifest, and says what is wrong. */
import type { CommandModule } from 'yargs';
import { loadProtocol } from '../campaign/load-protocol.ts';
import { loadManifest } from '../campaign/load-manifest.ts';
import { protocolOption } from './options.ts';

interface Args { protocol: string; dataset?: string }

export const validateCommand: CommandModule<object, Args> = {
  command: 'validate',
  describe: 'Check a protocol (and a dataset manifest) against their schemas and rules',
  builder: (y) => y
    .option('protocol', protocolOption)
    .option('dataset', { type: 'string', describe: "Dataset manifest (JSON or YAML); its demographic codes are checked against the protocol's" })
    .epilog('Exit code 0 when valid; 2 with one line per problem (file, path inside it, what was expected) otherwise. Schemas: protocols/protocol.schema.json, datasets/manifest.schema.json.') as never,
  handler: (args) => {
    const campaign = loadProtocol(args.protocol);
    console.log(`${args.protocol}: valid protocol "${campaign.id}" (${campaign.algorithms.length} algorithm(s), ${campaign.thresholds.length} thresholds)`);
    if (args.dataset !== undefined) {
      const m = loadManifest(args.dataset, campaign.dimensions);
      console.log(`${args.dataset}: valid manifest "${m.id}" (${m.deployments.length} deployment(s), ${m.volunteers.length} volunteers, ${m.passes.length} passes)`);
    }
  },
};

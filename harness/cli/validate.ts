/** `evenhand validate`: checks a protocol and, optionally, a dataset manifest, and says what is wrong. */
import type { CommandModule } from 'yargs';
import { loadProtocol } from '../campaign/load-protocol.ts';
import { loadManifest } from '../campaign/load-manifest.ts';
import { allowRootOption, protocolOption } from './options.ts';
import { pathOption } from './option-values.ts';

interface Args { protocol: string; dataset?: string; 'allow-root': string[]; 'structure-only': boolean }

export const validateCommand: CommandModule<object, Args> = {
  command: 'validate',
  describe: 'Check a protocol (and a dataset manifest) against their schemas and rules',
  builder: (y) => y
    .option('protocol', protocolOption)
    .option('dataset', pathOption('--dataset', "Dataset manifest (JSON or YAML); its demographic codes are checked against the protocol's, its files against the path rule", false))
    .option('allow-root', allowRootOption)
    .option('structure-only', { type: 'boolean', default: false, describe: 'Do not require the files the manifest names to exist (they must still lie inside the dataset folder); for examples and manifests written before the footage' })
    .epilog('Exit code 0 when valid; 2 with one line per problem (file, path inside it, what was expected, what was found) otherwise. Every path in a manifest must resolve inside the manifest\'s folder or an --allow-root folder, symbolic links followed, and name an existing, readable file. Schemas: protocols/protocol.schema.json, datasets/manifest.schema.json; the rules: docs/bad-input.md.') as never,
  handler: (args) => {
    const campaign = loadProtocol(args.protocol);
    console.log(`${args.protocol}: valid protocol "${campaign.id}" (${campaign.algorithms.length} algorithm(s), ${campaign.thresholds.length} thresholds)`);
    if (args.dataset !== undefined) {
      const m = loadManifest(args.dataset, campaign.dimensions, { allowRoots: args['allow-root'], filesMustExist: !args['structure-only'] });
      console.log(`${args.dataset}: valid manifest "${m.id}" (${m.deployments.length} deployment(s), ${m.volunteers.length} volunteers, ${m.passes.length} passes)`);
    }
  },
};

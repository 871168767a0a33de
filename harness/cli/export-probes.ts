/** `evenhand export-probes`: one face image per search of a run, named by search id, for a vendor's offline batch run. */
import type { CommandModule } from 'yargs';
import { loadManifest } from '../campaign/load-manifest.ts';
import path from 'node:path';
import { exportProbes, probeSources, PROBES_OUTPUT } from '../import/index.ts';
import { checkOutputTarget } from '../store/output-location.ts';
import { Bounds } from '../core/bounds.ts';
import { boundedOption, pathOption, textOption } from './option-values.ts';
import { allowRootOption, manifestDimensions, say } from './options.ts';

interface Args { run: string; algorithm: string; dataset: string; out?: string; margin: number; protocol?: string; 'allow-root': string[] }

export const exportProbesCommand: CommandModule<object, Args> = {
  command: 'export-probes',
  describe: 'Write one face image per search of a run (its best shot), named by search id, for a vendor\'s offline batch run; then import-candidates',
  builder: (y) => y
    .option('run', pathOption('--run', 'The run folder (evenhand run --out)'))
    .option('algorithm', textOption('--algorithm', 'The algorithm whose tracks and assignments give the best shots (e.g. faceplugin-v1)', { required: true, pattern: /^[a-z0-9][a-z0-9_.+-]*$/, expected: 'an algorithm id of the run (lower-case letters, digits, "_", ".", "+", "-")' }))
    .option('dataset', pathOption('--dataset', 'The run\'s dataset manifest (for the footage files)'))
    .option('allow-root', allowRootOption)
    .option('out', pathOption('--out', 'Output folder: <search id>.jpg and probes.csv; written whole or not at all (default RUN/ALGORITHM/probes; inside the run folder, retention status and purge see the images as exported probe images). An existing folder is replaced only when it is an earlier export', false))
    .option('protocol', pathOption('--protocol', 'Protocol whose demographic categories the manifest uses (default: the built-in categories)', false))
    .option('margin', boundedOption('--margin', Bounds.probeMargin, 'Margin around the face box, as a share of its larger side', 0.3))
    .epilog('Each search\'s best shot is the detection with the highest detector score among the tracks the adjudication gave it, cut from the footage with the margin. File names are search ids: no names, ids of people or demographics. Searches with no track (no face captured) have no probe. The images are faces of volunteers and of the public: for the lab\'s run only, never for publication; delete them after it. Inside the run folder they are a class of data of their own (probe-images) that evenhand retention status, review and purge manage; outside it, nothing does. Then: evenhand import-candidates --searches RUN/ALGORITHM/searches.arrow --lists LISTS --out DIR.')
    .example('evenhand export-probes --run runs/x --algorithm faceplugin-v1 --dataset runs/rehearsal/manifest.json', 'into runs/x/faceplugin-v1/probes'),
  handler: async (args) => {
    const algorithmDir = path.join(args.run, args.algorithm);
    const inputs = [args.dataset, ...(args.protocol === undefined ? [] : [args.protocol])];
    const out = args.out ?? path.join(algorithmDir, 'probes');
    checkOutputTarget({ kind: PROBES_OUTPUT, dir: out, option: '--out', inputs: [...probeSources(algorithmDir), ...inputs] });
    const manifest = loadManifest(args.dataset, manifestDimensions(args.protocol), { allowRoots: args['allow-root'] });
    const r = await exportProbes({ algorithmDir, manifest, out, margin: args.margin, inputs });
    if (r.withoutTrack > 0) say(`${r.withoutTrack} search(es) had no track (no face captured): no probe`);
    const inside = path.relative(path.resolve(args.run), path.resolve(out));
    if (inside.startsWith('..') || path.isAbsolute(inside)) say(`the probe images are outside the run folder ${args.run}: its retention does not cover them; delete them yourself after the vendor's run`);
    console.log(`wrote ${r.exported} probe images and probes.csv into ${out}`);
  },
};

/** `evenhand run`: replay every algorithm of a protocol over a dataset, adjudicate, analyse and report, resumably. */
import path from 'node:path';
import type { CommandModule } from 'yargs';
import { progressBar } from '../replay/index.ts';
import { runCampaign } from '../run/index.ts';
import { Bounds } from '../core/bounds.ts';
import { boundedOption, pathOption } from './option-values.ts';
import { allowRootOption, protocolOption, say } from './options.ts';

interface Args { protocol: string; dataset: string; out?: string; workers?: number; 'every-ms': number; 'min-overlap': number; 'top-k': number; 'allow-root': string[] }

export const runCommand: CommandModule<object, Args> = {
  command: 'run',
  describe: 'Run a whole campaign: replay -> adjudicate -> analyse -> report, with a provenance manifest',
  builder: (y) => y
    .option('protocol', protocolOption)
    .option('dataset', pathOption('--dataset', 'Dataset manifest (footage, volunteers, passes, filler gallery); its files must lie inside its folder or an --allow-root folder'))
    .option('out', pathOption('--out', 'Run folder (default runs/<protocol file name>); rerun the same command to resume after a stop. A folder that is not an earlier run is refused', false))
    .option('workers', boundedOption('--workers', Bounds.workers, 'Replay worker threads (default: every core)'))
    .option('every-ms', boundedOption('--every-ms', Bounds.everyMs, 'Process at most one frame every N ms of footage (0 = every frame)', 0))
    .option('min-overlap', boundedOption('--min-overlap', Bounds.minOverlap, 'Lowest score for a track to go to a pass: the share of its detections in the pass\'s place (when the manifest gives places), else the overlap of their time spans (intersection over union)', 0.2))
    .option('top-k', boundedOption('--top-k', Bounds.topK, 'Candidates kept per search', 10))
    .option('allow-root', allowRootOption)
    .epilog('Writes into the run folder: <algorithm>/ (galleries, replay segments with tracks, trajectories and candidates, searches.arrow, candidates.arrow, adjudication.json), results.json, exclusions.json, report/index.html and provenance.json (sha256 of every input, model hashes, package versions, git commit). Every algorithm of kind "onnx" in the protocol is replayed once, each track searched in the watchlist and in the filler gallery. Tracks and passes of each camera are assigned together by an optimal assignment, on time and place where the manifest gives places (docs/campaigns.md); adjudication.json also holds failures to acquire by group and camera, tracks of no known pass and their alerts, tracking measures and the headline rates under the alternative rules. Prints the wall time of each stage at the end. Every input, each file the manifest names included (inside its folder or an --allow-root folder), is checked before the run folder is made. Exit code 1 when footage failed to replay (listed), 2 for bad input.')
    .example('evenhand run --protocol protocols/rehearsal-ci.json --dataset runs/rehearsal/manifest.json --out runs/rehearsal-run', '') as never,
  handler: async (args) => {
    const out = args.out ?? path.join('runs', path.basename(args.protocol).replace(/\.(json|ya?ml)$/, ''));
    const bars = new Map<string, ReturnType<typeof progressBar>>();
    const outcome = await runCampaign({
      protocol: args.protocol, dataset: args.dataset, out, workers: args.workers, everyMs: args['every-ms'], minOverlap: args['min-overlap'], topK: args['top-k'], allowRoots: args['allow-root'],
      log: (line) => {
        for (const b of bars.values()) b.end();
        bars.clear();
        say(line);
      },
      onProgress: (alg, gallery, p) => {
        const key = `${alg}/${gallery}`;
        let bar = bars.get(key);
        if (bar === undefined) bars.set(key, (bar = progressBar(process.stderr)));
        bar.update(p);
      },
    });
    for (const b of bars.values()) b.end();
    for (const e of outcome.exclusions.filter((x) => x.count > 0)) say(`excluded: ${e.count} ${e.what}${e.algorithm === null ? '' : ` (${e.algorithm})`}`);
    const width = Math.max(...Object.keys(outcome.stageSeconds).map((k) => k.length));
    say('wall time by stage:');
    for (const [stage, seconds] of Object.entries(outcome.stageSeconds)) say(`  ${stage.padEnd(width)} ${seconds.toFixed(1).padStart(7)} s`);
    say(`  ${'in all'.padEnd(width)} ${Object.values(outcome.stageSeconds).reduce((a, b) => a + b, 0).toFixed(1).padStart(7)} s`);
    if (outcome.results.campaign.simulated) say('Note: some inputs were simulated.');
    console.log(`wrote ${path.join(out, 'results.json')}, ${path.join(out, 'report', 'index.html')} and ${path.join(out, 'provenance.json')}`);
    if (outcome.failedSegments.length > 0) {
      for (const f of outcome.failedSegments) say(`failed: ${f.algorithm} ${f.segmentId} (${f.file}): ${f.error}`);
      process.exitCode = 1;
    }
  },
};

/** `evenhand run`: replay every algorithm of a protocol over a dataset, adjudicate, analyse and report, resumably. */
import path from 'node:path';
import type { CommandModule } from 'yargs';
import { progressBar } from '../replay/index.ts';
import { runCampaign } from '../run/index.ts';
import { ExclusionWords } from '../report/index.ts';
import { protocolOption, say } from './options.ts';

interface Args { protocol: string; dataset: string; out?: string; workers?: number; 'every-ms': number; 'min-overlap': number; 'top-k': number }

export const runCommand: CommandModule<object, Args> = {
  command: 'run',
  describe: 'Run a whole campaign: replay -> adjudicate -> analyse -> report, with a provenance manifest',
  builder: (y) => y
    .option('protocol', protocolOption)
    .option('dataset', { type: 'string', demandOption: true, describe: 'Dataset manifest (footage, volunteers, passes, filler gallery)' })
    .option('out', { type: 'string', describe: 'Run folder (default runs/<protocol file name>); rerun the same command to resume after a stop' })
    .option('workers', { type: 'number', describe: 'Replay worker threads (default: every core)' })
    .option('every-ms', { type: 'number', default: 0, describe: 'Process at most one frame every N ms of footage (0 = every frame)' })
    .option('min-overlap', { type: 'number', default: 0.2, describe: 'A track belongs to a pass when their time spans overlap at least this much (intersection over union)' })
    .option('top-k', { type: 'number', default: 10, describe: 'Candidates kept per search' })
    .epilog('Writes into the run folder: <algorithm>/ (galleries, replay segments, searches.arrow, candidates.arrow, adjudication.json), results.json, exclusions.json, report/index.html and provenance.json (sha256 of every input, model hashes, package versions, git commit). Every algorithm of kind "onnx" in the protocol is replayed once, each track searched in the watchlist and in the filler gallery. Exit code 1 when footage failed to replay (listed), 2 for bad input.')
    .example('evenhand run --protocol protocols/rehearsal-ci.json --dataset runs/rehearsal/manifest.json --out runs/rehearsal-run', '') as never,
  handler: async (args) => {
    const out = args.out ?? path.join('runs', path.basename(args.protocol).replace(/\.(json|ya?ml)$/, ''));
    const bars = new Map<string, ReturnType<typeof progressBar>>();
    const outcome = await runCampaign({
      protocol: args.protocol, dataset: args.dataset, out, workers: args.workers, everyMs: args['every-ms'], minOverlap: args['min-overlap'], topK: args['top-k'],
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
    for (const e of outcome.exclusions.filter((x) => x.count > 0)) say(`excluded: ${e.count} ${ExclusionWords[e.reason]}${e.algorithm === null ? '' : ` (${e.algorithm})`}`);
    if (outcome.results.campaign.simulated) say('Note: some inputs were simulated.');
    console.log(`wrote ${path.join(out, 'results.json')}, ${path.join(out, 'report', 'index.html')} and ${path.join(out, 'provenance.json')}`);
    if (outcome.failedSegments.length > 0) {
      for (const f of outcome.failedSegments) say(`failed: ${f.algorithm} ${f.segmentId} (${f.file}): ${f.error}`);
      process.exitCode = 1;
    }
  },
};

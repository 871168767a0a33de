/** `evenhand run`: replay every algorithm of a protocol over a dataset, adjudicate, analyse and report, resumably. */
import path from 'node:path';
import type { CommandModule } from 'yargs';
import { checkProvider } from '../algorithms/index.ts';
import { loadProtocol } from '../campaign/load-protocol.ts';
import { progressBar, type RunProgress } from '../replay/index.ts';
import { runCampaign, runCampaignShard, type RunOutcome } from '../run/index.ts';
import { parseShard } from '../shard/index.ts';
import { checkFullDetectEvery, fullDetectEveryOption, parseProviders, protocolOption, providerOption, queueOptions, say } from './options.ts';
import { queueFor } from './queue-for.ts';
import { ExclusionWords } from '../report/index.ts';

interface Args {
  protocol: string; dataset: string; out?: string; workers?: number; 'every-ms': number; 'min-overlap': number; 'top-k': number;
  'segment-s': number; shard?: string; provider?: string[]; 'full-detect-every': number; queue?: string; 'queue-name': string; attempts: number;
}

/** Progress bars per algorithm and gallery, ended before any other line is written. */
export function campaignProgress(): { log: (line: string) => void; onProgress: (alg: string, gallery: string, p: RunProgress) => void; end: () => void } {
  const bars = new Map<string, ReturnType<typeof progressBar>>();
  const end = (): void => {
    for (const b of bars.values()) b.end();
    bars.clear();
  };
  return {
    log: (line) => { end(); say(line); },
    onProgress: (alg, gallery, p) => {
      const key = `${alg}/${gallery}`;
      let bar = bars.get(key);
      if (bar === undefined) bars.set(key, (bar = progressBar(process.stderr)));
      bar.update(p);
    },
    end,
  };
}

/** Prints a finished run's outcome and sets the exit code (1 when footage failed to replay). */
export function reportOutcome(outcome: RunOutcome, out: string): void {
  for (const e of outcome.exclusions.filter((x) => x.count > 0)) say(`excluded: ${e.count} ${ExclusionWords[e.reason]}${e.algorithm === null ? '' : ` (${e.algorithm})`}`);
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
}

export const runCommand: CommandModule<object, Args> = {
  command: 'run',
  describe: 'Run a whole campaign: replay -> adjudicate -> analyse -> report, with a provenance manifest',
  builder: (y) => y
    .option('protocol', protocolOption)
    .option('dataset', { type: 'string', demandOption: true, describe: 'Dataset manifest (footage, volunteers, passes, filler gallery; for useCase rfr/oifr: reference images and probes)' })
    .option('out', { type: 'string', describe: 'Run folder (default runs/<protocol file name>); rerun the same command to resume after a stop' })
    .option('workers', { type: 'number', describe: 'Replay worker threads (default: every core)' })
    .option('every-ms', { type: 'number', default: 0, describe: 'Process at most one frame every N ms of footage (0 = every frame)' })
    .option('min-overlap', { type: 'number', default: 0.2, describe: 'Lowest score for a track to go to a pass: the share of its detections in the pass\'s place (when the manifest gives places), else the overlap of their time spans (intersection over union)' })
    .option('top-k', { type: 'number', default: 10, describe: 'Candidates kept per search' })
    .option('segment-s', { type: 'number', default: 0, describe: 'Cut each footage file into segments of this many seconds, the unit of parallel work, shards and queue jobs (0 = one segment per file)' })
    .option('shard', { type: 'string', describe: 'Run only shard i of n (e.g. 2/8): enrol the galleries once (shared by the shards), replay the shard\'s segments into <out>/shards/<i>-of-<n>/; then `evenhand merge --out <out>` finishes the run' })
    .option('provider', providerOption)
    .option('full-detect-every', fullDetectEveryOption)
    .options(queueOptions)
    .conflicts('queue', 'shard')
    .epilog('Writes into the run folder: <algorithm>/ (galleries, replay segments with tracks, trajectories and candidates, searches.arrow, candidates.arrow, adjudication.json), results.json, exclusions.json, report/index.html and provenance.json (sha256 of every input, model hashes, package versions, git commit, execution providers). Every algorithm of kind "onnx" or "external" (a program behind the adapter protocol, docs/black-box.md; its stderr in <algorithm>/adapter-stderr.log, its version and file hashes in provenance) is replayed once, each track searched in the watchlist and in the filler gallery; every algorithm of kind "vendor-log" with a `log` is imported as evenhand import-alerts does (and its operator-reviewed system beside it when the log records decisions). Tracks and passes of each camera are assigned together by an optimal assignment, on time and place where the manifest gives places (docs/campaigns.md); adjudication.json also holds failures to acquire by group and camera, tracks of no known pass and their alerts, tracking measures and the headline rates under the alternative rules. A protocol with useCase "rfr" or "oifr" (docs/use-cases.md) searches still probes instead: each of the manifest\'s probes[] is detected and embedded (no face: a failure to enrol, counted, listed in <algorithm>/probes-without-face.json) and searched against the reference set (the enrolled volunteers\' images) for candidate lists of candidateList.length (rfr) or --top-k (oifr); results.json then holds the CMC curve, mate ranks, lists with no mate above the review threshold and failures to enrol. Prints the wall time of each stage at the end. Shards: segment k (0-based, footage in manifest order, each file cut in time order) belongs to shard (k mod n) + 1. Exit code 1 when footage failed to replay (listed), 2 for bad input.')
    .example('evenhand run --protocol protocols/rehearsal-ci.json --dataset runs/rehearsal/manifest.json --out runs/rehearsal-run', '')
    .example('evenhand run --protocol protocols/rfr-ci.json --dataset runs/rfr/manifest.json --out runs/rfr-run', 'a retrospective (RFR) campaign on still probes made by evenhand rehearse --use-case rfr')
    .example('evenhand run --protocol P --dataset D --out runs/x --segment-s 60 --shard 3/8', 'shard 3 of 8 (a Slurm array task); then evenhand merge --out runs/x') as never,
  handler: async (args) => {
    const out = args.out ?? path.join('runs', path.basename(args.protocol).replace(/\.(json|ya?ml)$/, ''));
    const shard = args.shard === undefined ? null : parseShard(args.shard);
    checkFullDetectEvery(args['full-detect-every']);
    const algorithms = loadProtocol(args.protocol).algorithms.filter((a) => a.kind === 'onnx').map((a) => a.id);
    const providers = parseProviders(args.provider, algorithms);
    for (const p of new Set(Object.values(providers))) await checkProvider(p); // the galleries are enrolled here, even with a queue
    const executor = await queueFor(args);
    const progress = campaignProgress();
    const opts = {
      protocol: args.protocol, dataset: args.dataset, out, workers: args.workers, everyMs: args['every-ms'], minOverlap: args['min-overlap'], topK: args['top-k'],
      segmentMs: args['segment-s'] * 1000, fullDetectEvery: args['full-detect-every'], providers, log: progress.log, onProgress: progress.onProgress, ...(executor === undefined ? {} : { executor }),
    };
    if (shard !== null) {
      const s = await runCampaignShard({ ...opts, shard });
      progress.end();
      console.log(`shard ${shard.index}/${shard.count}: tables in ${s.dir}; when every shard is done: evenhand merge --out ${out}`);
      for (const f of s.failedSegments) say(`failed: ${f.algorithm} ${f.segmentId} (${f.file}): ${f.error}`);
      if (s.failedSegments.length > 0) process.exitCode = 1;
      return;
    }
    const outcome = await runCampaign(opts);
    progress.end();
    reportOutcome(outcome, out);
  },
};

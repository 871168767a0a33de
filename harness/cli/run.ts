/** `evenhand run`: replay every algorithm of a protocol over a dataset, adjudicate, analyse and report, resumably. */
import path from 'node:path';
import type { CommandModule } from 'yargs';
import { checkProvider } from '../algorithms/index.ts';
import { loadProtocol } from '../campaign/load-protocol.ts';
import { progressBar, type RunProgress } from '../replay/index.ts';
import { runCampaign, runCampaignShard, type RunOutcome } from '../run/index.ts';
import type { ShardSpec } from '../shard/index.ts';
import { Bounds, describeBound } from '../core/bounds.ts';
import { InputError, show } from '../core/input-error.ts';
import { boundedNumber, boundedOption, optionError, pathOption, type CheckedOption } from './option-values.ts';
import { allowRootOption, fullDetectEveryOption, parseProviders, protocolOption, providerOption, queueOptions, queueOrShard, say, shardOption } from './options.ts';
import { queueFor } from './queue-for.ts';
import { ExclusionWords } from '../report/index.ts';

interface Args {
  protocol: string; dataset: string; out?: string; workers?: number; 'every-ms': number; 'min-overlap': number; 'top-k': number; 'allow-root': string[];
  'segment-s': number; shard?: ShardSpec; provider?: string[]; 'full-detect-every': number; queue?: string; 'queue-name': string; attempts: number;
}

/** `run --segment-s`: 0 (one segment per footage file), or a segment length inside the bound on segments. */
const SEGMENT_S_EXPECTED = `0 (one segment per footage file) or ${describeBound(Bounds.segmentSeconds)}`;
const runSegmentSeconds: CheckedOption<number> = {
  describe: `Cut each footage file into segments of this many seconds, the unit of parallel work, shards and queue jobs (${SEGMENT_S_EXPECTED})`,
  requiresArg: true,
  default: 0,
  coerce: (value: unknown): number => {
    let n: number;
    try {
      n = boundedNumber('--segment-s', { ...Bounds.segmentSeconds, min: 0 }, value);
    } catch (err) {
      throw optionError('--segment-s', SEGMENT_S_EXPECTED, err instanceof InputError ? (err.problems[0]?.got ?? show(value)) : show(value));
    }
    if (n !== 0 && n < Bounds.segmentSeconds.min) throw optionError('--segment-s', SEGMENT_S_EXPECTED, String(n));
    return n;
  },
};

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
    .option('dataset', pathOption('--dataset', 'Dataset manifest (footage, volunteers, passes, filler gallery; for useCase rfr/oifr: reference images and probes); its files must lie inside its folder or an --allow-root folder'))
    .option('out', pathOption('--out', 'Run folder (default runs/<protocol file name>); rerun the same command to resume after a stop. A folder that is not an earlier run is refused', false))
    .option('workers', boundedOption('--workers', Bounds.workers, 'Replay worker threads (default: every core)'))
    .option('every-ms', boundedOption('--every-ms', Bounds.everyMs, 'Process at most one frame every N ms of footage (0 = every frame)', 0))
    .option('min-overlap', boundedOption('--min-overlap', Bounds.minOverlap, 'Lowest score for a track to go to a pass: the share of its detections in the pass\'s place (when the manifest gives places), else the overlap of their time spans (intersection over union)', 0.2))
    .option('top-k', boundedOption('--top-k', Bounds.topK, 'Candidates kept per search', 10))
    .option('allow-root', allowRootOption)
    .option('segment-s', runSegmentSeconds)
    .option('shard', shardOption('Run only shard i of n (e.g. 2/8): enrol the galleries once (shared by the shards), replay the shard\'s segments into <out>/shards/<i>-of-<n>/; then `evenhand merge --out <out>` finishes the run'))
    .option('provider', providerOption)
    .option('full-detect-every', fullDetectEveryOption)
    .options(queueOptions)
    .check(queueOrShard)
    .epilog('Writes into the run folder: <algorithm>/ (galleries, replay segments with tracks, trajectories and candidates, searches.arrow, candidates.arrow, adjudication.json), results.json, exclusions.json, report/index.html, provenance.json (sha256 of every input, model hashes, package versions, git commit, execution providers) and the run record evenhand-run.json. Every algorithm of kind "onnx" or "external" (a program behind the adapter protocol, docs/black-box.md; its stderr in <algorithm>/adapter-stderr.log, its version and file hashes in provenance; after a crash or hang it is started again and the segment replayed from its start, up to its retries, and a segment that still fails is listed and replayed by the next run; an adapter with opaque templates enrols the galleries and searches them itself) is replayed once, each track searched in the watchlist and in the filler gallery; every algorithm of kind "vendor-log" with a `log` is imported as evenhand import-alerts does (and its operator-reviewed system beside it when the log records decisions). Tracks and passes of each camera are assigned together by an optimal assignment, on time and place where the manifest gives places (docs/campaigns.md); adjudication.json also holds failures to acquire by group and camera, tracks of no known pass and their alerts, tracking measures and the headline rates under the alternative rules. Prints the wall time of each stage at the end. A protocol with useCase "rfr" or "oifr" (docs/use-cases.md) searches still probes instead: each of the manifest\'s probes[] is detected and embedded (no face: a failure to enrol, counted, listed in <algorithm>/probes-without-face.json) and searched against the reference set (the enrolled volunteers\' images) for candidate lists of candidateList.length (rfr) or --top-k (oifr); results.json then holds the CMC curve, mate ranks, lists with no mate above the review threshold and failures to enrol. Every input, each file the manifest names included (inside its folder or an --allow-root folder), and the queue\'s server are checked before the run folder is made. Shards: segment k (0-based, footage in manifest order, each file cut in time order) belongs to shard (k mod n) + 1. Exit code 1 when footage failed to replay (listed), 2 for bad input.')
    .example('evenhand run --protocol protocols/rehearsal-ci.json --dataset runs/rehearsal/manifest.json --out runs/rehearsal-run', '')
    .example('evenhand run --protocol protocols/rfr-ci.json --dataset runs/rfr/manifest.json --out runs/rfr-run', 'a retrospective (RFR) campaign on still probes made by evenhand rehearse --use-case rfr')
    .example('evenhand run --protocol P --dataset D --out runs/x --segment-s 60 --shard 3/8', 'shard 3 of 8 (a Slurm array task); then evenhand merge --out runs/x') as never,
  handler: async (args) => {
    const out = args.out ?? path.join('runs', path.basename(args.protocol).replace(/\.(json|ya?ml)$/, ''));
    const shard = args.shard ?? null;
    const algorithms = loadProtocol(args.protocol).algorithms.filter((a) => a.kind === 'onnx').map((a) => a.id);
    const providers = parseProviders(args.provider, algorithms);
    for (const p of new Set(Object.values(providers))) await checkProvider(p); // the galleries are enrolled here, even with a queue
    const executor = await queueFor(args);
    const progress = campaignProgress();
    const opts = {
      protocol: args.protocol, dataset: args.dataset, out, workers: args.workers, everyMs: args['every-ms'], minOverlap: args['min-overlap'], topK: args['top-k'], allowRoots: args['allow-root'],
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

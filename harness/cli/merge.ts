/** `evenhand merge`: checks the shards of a replay or a campaign run and combines them into what a single run writes. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { CommandModule } from 'yargs';
import type { RunSummary } from '../replay/index.ts';
import { mergeCampaign } from '../run/index.ts';
import { mergeShards } from '../shard/index.ts';
import { writeFileAtomic } from '../store/write-file-atomic.ts';
import { campaignProgress, reportOutcome } from './run.ts';
import { say } from './options.ts';

interface Args { out: string; from?: string[] }

function shardSummary(dir: string): Partial<RunSummary> {
  try {
    return JSON.parse(readFileSync(path.join(dir, 'run-summary.json'), 'utf8')) as Partial<RunSummary>;
  } catch {
    return {};
  }
}

export const mergeCommand: CommandModule<object, Args> = {
  command: 'merge',
  describe: 'Combine the shards of `replay --shard` or `run --shard` into what one run writes (refuses missing, duplicated or mismatched shards)',
  builder: (y) => y
    .option('out', { type: 'string', demandOption: true, describe: 'The --out the shards were run with (shards are read from <out>/shards/)' })
    .option('from', { type: 'string', array: true, describe: 'Shard folders elsewhere (e.g. copied back from machines without a shared folder) instead of <out>/shards/*' })
    .epilog('Checks before writing anything: every segment of the plan made by exactly one shard (a missing one names the shard to rerun), every shard made with the same tool version, models, settings, galleries and inputs (their shard.json keys, and the sha256 of footage two shards both read). Then links the segment tables into <out> as a single run lays them out; for a campaign it goes on to adjudicate, analyse, report and write provenance.json, byte-identical to a single run. Exit code 2 when the shards do not make one whole run, 1 when footage failed to replay in a shard.')
    .example('evenhand merge --out runs/x', ''),
  handler: async (args) => {
    const from = args.from?.map((d) => path.resolve(d));
    const probe = mergeShards(args.out, from); // checks (and places) before anything else is written
    if (probe.kind === 'run') {
      const progress = campaignProgress();
      const outcome = await mergeCampaign(args.out, from, { log: progress.log, onProgress: progress.onProgress });
      progress.end();
      reportOutcome(outcome, args.out);
      return;
    }
    const summaries = probe.shards.map((s) => shardSummary(s.dir));
    const failedIds = new Set(probe.failed.map((f) => f.segmentId));
    const sum = (k: 'frames' | 'seconds' | 'inferenceSeconds'): number => summaries.reduce((t, s) => t + (s[k] ?? 0), 0);
    const summary = {
      algorithm: summaries[0]?.algorithm ?? null, done: probe.plan.filter((id) => !failedIds.has(id)), resumed: [], failed: probe.failed,
      frames: sum('frames'), seconds: sum('seconds'), inferenceSeconds: sum('inferenceSeconds'), shards: probe.shards.length, executor: 'shards (merged)',
    };
    writeFileAtomic(path.join(args.out, 'run-summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
    console.log(`merged ${probe.shards.length} shards: ${summary.done.length} segments in ${path.join(args.out, 'segments')}, ${probe.failed.length} failed`);
    for (const f of probe.failed) say(`evenhand: segment ${f.segmentId} failed in its shard: ${f.error}`);
    if (probe.failed.length > 0) process.exitCode = probe.failed.some((f) => f.badInput) ? 2 : 1;
  },
};

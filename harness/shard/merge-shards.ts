/**
 * mergeShards: checks the shards of a run and places their segment tables where a single run would have written
 * them. It refuses, before writing anything, when a segment of the plan is missing, when a segment was made by two
 * shards, or when shards were made with other inputs or settings (their provenance keys or footage hashes differ).
 *
 *   <out>/shards/<i>-of-<n>/shard.json + .../segments/<id>.*   ->   <out>/.../segments/<id>.*
 */
import { copyFileSync, existsSync, linkSync, mkdirSync, readdirSync, renameSync } from 'node:fs';
import path from 'node:path';
import { InputError, type InputProblem, show } from '../core/input-error.ts';
import { segmentFiles, tempNameFor } from '../replay/index.ts';
import { firstDifference } from './first-difference.ts';
import { readShardRecord, type ShardRecord } from './shard-record.ts';
import { shardName } from './shard-spec.ts';

/** A shard folder and its record. */
export interface ShardFolder {
  dir: string;
  record: ShardRecord;
}

/** What a merge found: the plan, the segments that failed in their shard (bad footage), and how to finish. */
export interface MergeResult {
  kind: ShardRecord['kind'];
  plan: string[];
  failed: ShardRecord['failed'];
  command: ShardRecord['command'];
  key: ShardRecord['key'];
  shards: ShardFolder[];
  /** Segment files placed (linked or copied). */
  placed: number;
}

/** The shard folders under `<outDir>/shards/` (any folder holding a shard.json or named like `2-of-8`). */
export function shardFolders(outDir: string): string[] {
  const root = path.join(outDir, 'shards');
  if (!existsSync(root)) return [];
  return readdirSync(root, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => path.join(root, d.name)).sort();
}

/** Every folder named `segments` under `dir` (a replay has one; a campaign one per algorithm and gallery). */
function segmentDirs(dir: string): string[] {
  const out: string[] = [];
  for (const d of readdirSync(dir, { withFileTypes: true })) {
    if (!d.isDirectory()) continue;
    const sub = path.join(dir, d.name);
    if (d.name === 'segments') out.push(sub);
    else out.push(...segmentDirs(sub));
  }
  return out.sort();
}

/**
 * Checks the shards of the run in `outDir` (default: every folder under `<outDir>/shards/`) and links their segment
 * tables into `outDir` (copies across file systems), done markers last. Merging again places the same files again.
 * @throws InputError listing every problem (missing, duplicated or unfinished segments; shards made with other inputs).
 */
export function mergeShards(outDir: string, shardDirs: readonly string[] = shardFolders(outDir)): MergeResult {
  const where = shardDirs.length > 0 ? path.dirname(shardDirs[0] ?? outDir) : path.join(outDir, 'shards');
  if (shardDirs.length === 0) {
    throw new InputError(where, [{ path: '', expected: 'shard folders written by `evenhand replay --shard i/n` or `evenhand run --shard i/n` with this --out', got: 'none' }]);
  }
  const problems: InputProblem[] = [];
  const shards: ShardFolder[] = [];
  for (const dir of shardDirs) {
    if (!existsSync(path.join(dir, 'shard.json'))) {
      problems.push({ path: path.relative(outDir, dir) || dir, expected: 'a finished shard (its shard.json is written when the shard ends; rerun the same --shard command to finish it)', got: 'no shard.json' });
      continue;
    }
    shards.push({ dir, record: readShardRecord(dir) });
  }
  const first = shards[0];
  if (first === undefined) throw new InputError(where, problems);
  const name = (s: ShardFolder): string => path.relative(outDir, s.dir) || s.dir;
  // 1. Every shard belongs to the same run: same kind, count, plan, key and command.
  for (const s of shards.slice(1)) {
    for (const field of ['kind', 'shard.count', 'plan', 'key', 'command'] as const) {
      const pick = (r: ShardRecord): unknown => (field === 'shard.count' ? r.shard.count : r[field]);
      const d = firstDifference(pick(first.record), pick(s.record), field);
      if (d !== null) {
        problems.push({ path: `${name(s)}/shard.json: ${d.path}`, expected: `${show(d.a)} as in ${name(first)}/shard.json (shards of one run are made with the same inputs, settings, models and tool)`, got: show(d.b) });
        break;
      }
    }
  }
  // 2. Footage read by several shards hashes the same everywhere.
  const footage = new Map<string, { sha: string; by: string }>();
  for (const s of shards) {
    for (const [file, sha] of Object.entries(s.record.footage)) {
      const seen = footage.get(file);
      if (seen === undefined) footage.set(file, { sha, by: name(s) });
      else if (seen.sha !== sha) problems.push({ path: `${name(s)}/shard.json: footage.${file}`, expected: `sha256 ${seen.sha} as read by ${seen.by}`, got: sha });
    }
  }
  // 3. Each shard index once; every segment of the plan done by exactly one shard, or failed there.
  const count = first.record.shard.count;
  const byIndex = new Map<number, string>();
  for (const s of shards) {
    const other = byIndex.get(s.record.shard.index);
    if (other !== undefined) problems.push({ path: name(s), expected: `shard ${shardName(s.record.shard)} once`, got: `a second copy (also ${other})` });
    byIndex.set(s.record.shard.index, name(s));
  }
  const plan = first.record.plan;
  const inPlan = new Set(plan);
  const doneBy = new Map<string, ShardFolder[]>();
  const failed: ShardRecord['failed'] = [];
  for (const s of shards) {
    const dirs = segmentDirs(s.dir);
    for (const id of s.record.done) {
      if (!inPlan.has(id)) { problems.push({ path: `${name(s)}/shard.json: done`, expected: 'segment ids of the plan', got: show(id) }); continue; }
      const absent = dirs.filter((d) => !existsSync(path.join(d, `${id}.done.json`)));
      if (dirs.length === 0 || absent.length > 0) {
        problems.push({ path: `${name(s)}: segment ${id}`, expected: 'its tables and done marker in every segments folder of the shard', got: dirs.length === 0 ? 'no segments folder' : `none in ${path.relative(outDir, absent[0] ?? s.dir)}` });
        continue;
      }
      doneBy.set(id, [...(doneBy.get(id) ?? []), s]);
    }
    failed.push(...s.record.failed);
  }
  const failedIds = new Set(failed.map((f) => f.segmentId));
  plan.forEach((id, k) => {
    const by = doneBy.get(id) ?? [];
    const owner = shardName({ index: (k % count) + 1, count });
    if (by.length > 1) problems.push({ path: `segment ${id}`, expected: 'made by exactly one shard', got: `made by ${by.map(name).join(' and ')} (duplicated)` });
    else if (by.length === 0 && !failedIds.has(id)) problems.push({ path: `segment ${id}`, expected: `its tables from shard ${owner}`, got: byIndex.has((k % count) + 1) ? 'missing from that shard' : `missing: no shard ${owner} (run it with --shard ${(k % count) + 1}/${count})` });
  });
  if (problems.length > 0) throw new InputError(where, problems);

  // 4. Place the tables where a single run writes them: tables first, done marker last, each by rename.
  let placed = 0;
  for (const s of shards) {
    for (const dir of segmentDirs(s.dir)) {
      const target = path.join(outDir, path.relative(s.dir, dir));
      mkdirSync(target, { recursive: true });
      for (const id of s.record.done) {
        const from = segmentFiles(path.dirname(dir), id), to = segmentFiles(path.dirname(target), id);
        for (const k of ['tracks', 'trajectories', 'candidates', 'done'] as const) {
          const tmp = tempNameFor(to[k]);
          try {
            linkSync(from[k], tmp);
          } catch {
            copyFileSync(from[k], tmp);
          }
          renameSync(tmp, to[k]);
          placed++;
        }
      }
    }
  }
  return { kind: first.record.kind, plan, failed, command: first.record.command, key: first.record.key, shards, placed };
}

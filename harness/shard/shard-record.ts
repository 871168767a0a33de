/**
 * ShardRecord: what a shard leaves beside its tables (`shard.json`): which shard of which plan, what it finished or
 * failed, and the provenance key that every shard of one run must share (tool, models, settings, galleries, inputs).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { InputError } from '../core/input-error.ts';
import { writeFileAtomic } from '../store/write-file-atomic.ts';

export const SHARD_FORMAT = 'evenhand-shard/1';

export const ShardRecordSchema = z.strictObject({
  format: z.literal(SHARD_FORMAT),
  kind: z.enum(['replay', 'run']).describe('Which command made the shard'),
  shard: z.strictObject({ index: z.number().int().min(1), count: z.number().int().min(1) }),
  plan: z.array(z.string()).describe('Every segment id of the whole run, in plan order'),
  done: z.array(z.string()).describe('Segments this shard finished (tables written)'),
  failed: z.array(z.strictObject({ segmentId: z.string(), file: z.string(), error: z.string(), badInput: z.boolean() })),
  key: z.record(z.string(), z.unknown()).describe('Provenance every shard of the run must share: tool, models, settings, input and gallery hashes'),
  footage: z.record(z.string(), z.string()).describe('sha256 of the footage files this shard read (a file read by two shards must hash the same)'),
  command: z.record(z.string(), z.unknown()).describe('What merge needs to finish the run (a campaign: protocol, dataset and options)'),
});
export type ShardRecord = z.output<typeof ShardRecordSchema>;

/** The record's file in a shard folder. */
export function shardRecordFile(shardDir: string): string {
  return path.join(shardDir, 'shard.json');
}

/** Writes `record` as `<shardDir>/shard.json` (atomically). */
export function writeShardRecord(shardDir: string, record: ShardRecord): void {
  writeFileAtomic(shardRecordFile(shardDir), `${JSON.stringify(record, null, 2)}\n`);
}

/** Reads a shard folder's record. @throws InputError naming the file when it is missing or malformed. */
export function readShardRecord(shardDir: string): ShardRecord {
  const file = shardRecordFile(shardDir);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new InputError(file, [{ path: '', expected: `a shard record written by evenhand replay/run --shard (${SHARD_FORMAT})`, got: err instanceof Error ? err.message : String(err) }]);
  }
  const parsed = ShardRecordSchema.safeParse(raw);
  if (!parsed.success) throw new InputError(file, parsed.error.issues.slice(0, 10).map((i) => ({ path: i.path.join('.'), expected: i.message })));
  return parsed.data;
}

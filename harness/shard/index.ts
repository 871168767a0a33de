/**
 * Shards: a run's footage segments split into n fixed subsets that any batch system can run anywhere over a shared
 * folder, then merged into what a single run writes.
 *
 *   replay/run --shard i/n  ->  <out>/shards/<i>-of-<n>/ (tables + shard.json)  ->  merge  ->  <out>/ as one run
 */
export { parseShard, shardName, shardSegments, type ShardSpec } from './shard-spec.ts';
export { ShardRecordSchema, SHARD_FORMAT, readShardRecord, writeShardRecord, shardRecordFile, type ShardRecord } from './shard-record.ts';
export { mergeShards, shardFolders, type MergeResult, type ShardFolder } from './merge-shards.ts';
export { firstDifference } from './first-difference.ts';
export { shardKey, planIds, footageHashes } from './shard-key.ts';

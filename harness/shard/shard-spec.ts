/**
 * ShardSpec: shard i of n of a run's footage segments. Segments are numbered 0, 1, 2, ... in the run's plan order;
 * shard i (1-based) takes segments i-1, i-1+n, i-1+2n, ... (round robin, so each shard gets footage from across the
 * run and shards get nearly equal shares). The plan order is fixed by the inputs alone: `--video` files in the order
 * given, each cut into `--segment-s` pieces in time order; `--segments` in file order; a campaign's footage in manifest
 * order, each file cut in time order.
 */
import { InputError } from '../core/input-error.ts';

/** Shard `index` of `count` (1 <= index <= count). */
export interface ShardSpec {
  index: number;
  count: number;
}

/**
 * Parses `i/n` (whole numbers, 1 <= i <= n), e.g. `2/8`.
 * @throws InputError naming `option` for anything else (`4/3`, `0/0`, `1/0`, `a/b`, `2`).
 * @example parseShard('2/8') // { index: 2, count: 8 }
 */
export function parseShard(text: string, option = '--shard'): ShardSpec {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  const index = Number(m?.[1]), count = Number(m?.[2]);
  if (m === null || !Number.isSafeInteger(index) || !Number.isSafeInteger(count) || count < 1 || index < 1 || index > count) {
    throw new InputError(option, [{ path: '', expected: 'i/n: shard i of n, whole numbers with 1 <= i <= n (e.g. 2/8; Slurm: $SLURM_ARRAY_TASK_ID/N with --array=1-N)', got: JSON.stringify(text) }]);
  }
  return { index, count };
}

/** The shard's folder name, e.g. `2-of-8`. */
export function shardName(s: ShardSpec): string {
  return `${s.index}-of-${s.count}`;
}

/** The items of shard `s`: positions index-1, index-1+count, ... of `items` (in plan order). */
export function shardSegments<T>(items: readonly T[], s: ShardSpec): T[] {
  return items.filter((_, k) => k % s.count === s.index - 1);
}

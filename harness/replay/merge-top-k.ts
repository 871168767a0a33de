/** mergeTopK: the running top-k of each probe merged with the top-k of one more gallery block, ties to the lower row. */

/** Per-probe top lists, flat: probe p's list is [p * k, p * k + filled[p]), best first. */
export interface TopKLists {
  k: number;
  scores: Float32Array;
  /** Gallery rows. */
  rows: Int32Array;
  /** Entries held so far per probe (up to k). */
  filled: Int32Array;
}

/** Empty lists for `probes` probes of length at most `k`. */
export function emptyTopK(probes: number, k: number): TopKLists {
  return { k, scores: new Float32Array(probes * k), rows: new Int32Array(probes * k), filled: new Int32Array(probes) };
}

/**
 * Merges a block's sorted top `kb` per probe (`scores` and block-local `indices` of shape [probes, kb], best first,
 * ties in row order as ONNX TopK gives them) into `lists`, rows offset by `firstRow`. The block's rows all follow the
 * rows already held, so on equal scores the held entry (the lower row) stays first: the result is the gallery's
 * top-k ordered by score, then row, as one pass over the whole gallery would give.
 * Reference: the merge step of merge sort (Knuth, TAOCP vol. 3, §5.2.4), cut at k.
 */
export function mergeTopK(lists: TopKLists, block: { scores: Float32Array; indices: BigInt64Array; kb: number; firstRow: number; probes: number }): void {
  const { k } = lists;
  const s = new Float32Array(k);
  const r = new Int32Array(k);
  for (let p = 0; p < block.probes; p++) {
    const base = p * k;
    const held = lists.filled[p] as number;
    let i = 0, j = 0, n = 0;
    while (n < k && (i < held || j < block.kb)) {
      const bs = j < block.kb ? (block.scores[p * block.kb + j] as number) : -Infinity;
      if (i < held && (j >= block.kb || (lists.scores[base + i] as number) >= bs)) {
        s[n] = lists.scores[base + i] as number;
        r[n++] = lists.rows[base + i] as number;
        i++;
      } else {
        s[n] = bs;
        r[n++] = block.firstRow + Number(block.indices[p * block.kb + j]);
        j++;
      }
    }
    lists.scores.set(s.subarray(0, n), base);
    lists.rows.set(r.subarray(0, n), base);
    lists.filled[p] = n;
  }
}

/**
 * BlockedSearch: exact 1:N search of probes against a gallery too large to hold in memory, within a fixed memory
 * budget. The gallery's vector file is read in blocks of rows (memory-mapped, see {@link openGalleryBlocks}); each
 * block is scored against a batch of probes by ONNX Runtime (Gemm + TopK, the gallery block a graph input) and its
 * top-k merged into each probe's running list.
 *
 *   for each batch of probes:                    (probeBatch rows)
 *     for each block of the gallery:             (blockRows rows: a view on the mapped file)
 *       scores = probes x block^T; top-k          (ONNX Runtime)
 *       merge into the running top-k              (ties to the lower gallery row)
 *       give the block's pages back
 */
import * as ort from 'onnxruntime-node';
import { createSession, type SessionSettings } from '../algorithms/index.ts';
import { openGalleryBlocks, type GalleryBlocks } from './gallery-blocks.ts';
import { emptyTopK, mergeTopK, type TopKLists } from './merge-top-k.ts';
import { topKGraph } from './top-k-graph.ts';

/** How a blocked search runs. */
export interface BlockedSearchOptions extends SessionSettings {
  /** Bytes the search may use for a gallery block, the probe batch, the score matrix and the running lists (default 256 MiB). */
  memoryBytes?: number;
  /** Probes scored together against each block (default 256): more amortises each pass over the gallery. */
  probeBatch?: number;
  /** False: read blocks into a reusable buffer even when the file could be memory-mapped (default: map). */
  mapped?: boolean;
  /** Called after each batch of probes with the probes done and the total. */
  onProgress?: (done: number, total: number) => void;
}

/** The block sizes a search chose from its budget. */
export interface BlockPlan {
  probeBatch: number;
  blockRows: number;
  /** Bytes of the block, probes, scores and lists at those sizes: at most the budget. */
  bytes: number;
}

/** The top k of every probe: probe p's gallery rows and scores are [p * k, p * k + k), best first (score, then lower row). */
export interface TopKResult {
  k: number;
  probes: number;
  rows: Int32Array;
  scores: Float32Array;
}

const DEFAULT_BUDGET = 256 * 1024 * 1024;

/**
 * The largest gallery block that fits `memoryBytes` beside a batch of `probeBatch` probes: the block (rows x dim
 * floats, resident while it is read), ONNX Runtime's packed copy of it (its CPU Gemm packs a non-constant B matrix
 * before multiplying), the scores (probeBatch x rows floats), the probes and two sets of top-k lists.
 * @throws RangeError when not even one row fits.
 */
export function planBlocks(options: { dim: number; k: number; rows: number; memoryBytes: number; probeBatch: number }): BlockPlan {
  const { dim, k, probeBatch } = options;
  const fixed = probeBatch * dim * 4 + 2 * probeBatch * k * 8;
  const perRow = 4 * (2 * dim + probeBatch);
  const fit = Math.floor((options.memoryBytes - fixed) / perRow);
  if (fit < 1) throw new RangeError(`a memory budget of ${options.memoryBytes} bytes holds no gallery row beside ${probeBatch} probes of ${dim} floats`);
  const blockRows = Math.min(fit, options.rows);
  return { probeBatch, blockRows, bytes: fixed + blockRows * perRow };
}

/** An open blocked search over one gallery vector file. */
export class BlockedSearch {
  private constructor(
    private readonly session: ort.InferenceSession,
    private readonly blocks: GalleryBlocks,
    private readonly options: BlockedSearchOptions,
  ) {}

  /**
   * Opens the gallery vector file `file` (rows of `dim` float32) and a search session (1 thread and the CPU by
   * default). @throws InputError for a file that is not a gallery of `dim`-float rows.
   */
  static async open(file: string, dim: number, options: BlockedSearchOptions = {}): Promise<BlockedSearch> {
    const probe = planBlocks({ dim, k: 1, rows: Number.MAX_SAFE_INTEGER, memoryBytes: options.memoryBytes ?? DEFAULT_BUDGET, probeBatch: options.probeBatch ?? 256 });
    const blocks = openGalleryBlocks(file, dim, { maxRows: probe.blockRows, ...(options.mapped === undefined ? {} : { mapped: options.mapped }) });
    const session = await createSession(topKGraph(null, dim), options, {});
    return new BlockedSearch(session, blocks, options);
  }

  /** Gallery rows. */
  get size(): number {
    return this.blocks.rows;
  }

  /** True when the gallery file is memory-mapped. */
  get mapped(): boolean {
    return this.blocks.mapped;
  }

  /** The block sizes a search for the top `k` uses. */
  plan(k: number): BlockPlan {
    return planBlocks({ dim: this.blocks.dim, k, rows: this.blocks.rows, memoryBytes: this.options.memoryBytes ?? DEFAULT_BUDGET, probeBatch: this.options.probeBatch ?? 256 });
  }

  /**
   * The top `k` gallery rows of each probe (rows of `probes`, dim floats each) by inner product (cosine for unit
   * vectors), best first, ties to the lower row; k is capped at the gallery's size. Exact: the same lists as
   * scoring every probe against every row.
   * @throws RangeError when k < 1 or probes is not a whole number of rows.
   */
  async search(probes: Float32Array, k: number): Promise<TopKResult> {
    const { dim, rows } = this.blocks;
    if (!Number.isInteger(k) || k < 1) throw new RangeError(`k must be a whole number of at least 1, got ${k}`);
    if (probes.length % dim !== 0) throw new RangeError(`probes hold ${probes.length} floats, not a whole number of rows of ${dim}`);
    const count = probes.length / dim;
    const kk = Math.min(k, rows);
    const plan = this.plan(kk);
    const out: TopKResult = { k: kk, probes: count, rows: new Int32Array(count * kk), scores: new Float32Array(count * kk) };
    for (let start = 0; start < count; start += plan.probeBatch) {
      const b = Math.min(plan.probeBatch, count - start);
      const lists = await this.searchBatch(probes.subarray(start * dim, (start + b) * dim), b, kk, plan.blockRows);
      out.rows.set(lists.rows, start * kk);
      out.scores.set(lists.scores, start * kk);
      this.options.onProgress?.(start + b, count);
    }
    return out;
  }

  private async searchBatch(probes: Float32Array, b: number, k: number, blockRows: number): Promise<TopKLists> {
    const { dim, rows } = this.blocks;
    const lists = emptyTopK(b, k);
    const input = new ort.Tensor('float32', probes, [b, dim]);
    for (let first = 0; first < rows; first += blockRows) {
      const n = Math.min(blockRows, rows - first);
      const kb = Math.min(k, n);
      const gallery = new ort.Tensor('float32', this.blocks.block(first, n), [n, dim]);
      const r = await this.session.run({ probes: input, gallery, k: new ort.Tensor('int64', BigInt64Array.of(BigInt(kb)), [1]) });
      const values = r['values']?.data;
      const indices = r['indices']?.data;
      if (!(values instanceof Float32Array) || !(indices instanceof BigInt64Array)) throw new Error('search graph: values f32 and indices i64 expected');
      mergeTopK(lists, { scores: values, indices, kb, firstRow: first, probes: b });
      this.blocks.release(first, n);
    }
    return lists;
  }

  /** Releases the session and the file. */
  async close(): Promise<void> {
    this.blocks.close();
    await this.session.release();
  }
}

/** GallerySearch: batched 1:N search of unit probes against a gallery, top-k by cosine, on ONNX Runtime's Gemm + TopK. */
import * as ort from 'onnxruntime-node';
import { createSession, type InferenceTiming, type SessionSettings } from '../algorithms/index.ts';
import type { Gallery } from './gallery.ts';
import { topKGraph } from './top-k-graph.ts';

/** Top-k result of one probe: gallery row indices and cosines, best first. */
export interface SearchHit {
  index: number;
  id: string;
  cosine: number;
}

/** A loaded search session over one gallery. */
export class GallerySearch {
  /** Time inside the search model's runs. */
  readonly timing: InferenceTiming = { ms: 0, runs: 0 };

  private constructor(private readonly session: ort.InferenceSession, readonly gallery: Gallery, private readonly batch: number) {}

  /**
   * Builds the search graph with `gallery` inside and opens it with `threads` threads (default 1) on `provider`
   * (default cpu). @throws InputError when CUDA was asked for and cannot be loaded.
   */
  static async create(gallery: Gallery, options: SessionSettings & { batch?: number } = {}): Promise<GallerySearch> {
    const session = await createSession(topKGraph(gallery.vectors, gallery.dim), options, {});
    return new GallerySearch(session, gallery, options.batch ?? 64);
  }

  /** Number of gallery entries. */
  get size(): number {
    return this.gallery.ids.length;
  }

  /**
   * The top `k` gallery entries of each probe (rows of `probes`, dim floats each), best first; k is capped at the
   * gallery size. Probes go to the model in batches.
   */
  async search(probes: Float32Array, k: number): Promise<SearchHit[][]> {
    const dim = this.gallery.dim;
    const count = probes.length / dim;
    const kk = Math.min(k, this.size);
    const out: SearchHit[][] = [];
    const kTensor = new ort.Tensor('int64', BigInt64Array.of(BigInt(kk)), [1]);
    for (let start = 0; start < count; start += this.batch) {
      const b = Math.min(this.batch, count - start);
      const input = new ort.Tensor('float32', probes.subarray(start * dim, (start + b) * dim), [b, dim]);
      const t = performance.now();
      const r = await this.session.run({ probes: input, k: kTensor });
      this.timing.ms += performance.now() - t;
      this.timing.runs++;
      const values = r['values']!.data as Float32Array;
      const indices = r['indices']!.data as BigInt64Array;
      for (let p = 0; p < b; p++) {
        const hits: SearchHit[] = [];
        for (let j = 0; j < kk; j++) {
          const index = Number(indices[p * kk + j]);
          hits.push({ index, id: this.gallery.ids[index]!, cosine: values[p * kk + j]! });
        }
        out.push(hits);
      }
    }
    return out;
  }

  /** Releases the session. */
  async close(): Promise<void> {
    await this.session.release();
  }
}

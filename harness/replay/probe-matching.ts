/**
 * ProbeMatching: how a replay makes, joins, compares and searches the templates of its tracks. Vector templates
 * (every built-in algorithm, and adapters with vector templates) are averaged and compared by Evenhand and searched by
 * its own ONNX 1:N search; opaque templates (an adapter declaring `templates: "opaque"`) are fused, compared and
 * searched by the algorithm itself, in galleries enrolled into it. Both give the same probes and scores when the
 * algorithm does what Evenhand does (the reference adapter's --opaque mode; harness/run/external-campaign.test.ts).
 */
import type { FaceAlgorithm, FaceDetection, OpaqueTemplates } from '../algorithms/index.ts';
import { cosine, fuseVectors } from '../algorithms/index.ts';
import type { RgbImage } from '../footage/index.ts';
import type { GallerySearch } from './gallery-search.ts';

/** One candidate of a search: a gallery id and its 0..1 face-match score. */
export interface ProbeHit {
  id: string;
  score: number;
}

/** Template operations of one algorithm, and the galleries its probes are searched in. */
export interface ProbeMatching<T> {
  /** The template of one face (null when none can be made). */
  make(image: RgbImage, face: FaceDetection): Promise<T | null>;
  /** One template of several of one person's. */
  fuse(parts: readonly T[]): Promise<T>;
  /** Similarity of two templates for joining the pieces of a track (cosine scale). */
  similarity(a: T, b: T): Promise<number>;
  /** One search per gallery: the top k of each probe, best first. */
  searches: readonly { search(probes: readonly T[], k: number): Promise<ProbeHit[][]> }[];
}

/**
 * Evenhand's own matching of embedding vectors: a probe is the direction of its shots' mean (fuseVectors), pieces are
 * compared by cosine, and `searches` (ONNX Gemm + TopK) score probes with the algorithm's match score.
 */
export function vectorMatching(algorithm: FaceAlgorithm, searches: readonly GallerySearch[]): ProbeMatching<Float32Array> {
  return {
    make: (image, face) => algorithm.embed(image, face),
    fuse: (parts) => Promise.resolve(fuseVectors(parts, algorithm.embeddingSize)),
    similarity: (a, b) => Promise.resolve(cosine(a, b)),
    searches: searches.map((s) => ({
      async search(probes, k) {
        if (probes.length === 0) return [];
        const batch = new Float32Array(probes.length * s.gallery.dim);
        probes.forEach((p, i) => batch.set(p, i * s.gallery.dim));
        return (await s.search(batch, k)).map((hits) => hits.map((h) => ({ id: h.id, score: algorithm.matchScore(h.cosine) })));
      },
    })),
  };
}

/** Matching by an algorithm that keeps its templates to itself: it fuses, compares and searches `galleries` (enrolled into it). */
export function opaqueMatching(opaque: OpaqueTemplates, galleries: readonly string[]): ProbeMatching<string> {
  return {
    make: (image, face) => opaque.template(image, face),
    fuse: (parts) => opaque.fuse(parts),
    similarity: async (a, b) => (await opaque.compare(a, [b]))[0] ?? -Infinity,
    searches: galleries.map((gallery) => ({
      async search(probes, k) {
        const out: ProbeHit[][] = [];
        for (const p of probes) out.push((await opaque.search(gallery, p, k)).map((c) => ({ id: c.galleryId, score: c.score })));
        return out;
      },
    })),
  };
}

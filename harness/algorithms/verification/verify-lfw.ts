/** verifyLfw: embeds the images of LFW-style verification pairs with one algorithm and scores the pairs, overall and by sex. */
import { loadImage } from '../../footage/index.ts';
import type { FaceAlgorithm } from '../face-algorithm.ts';
import type { FaceDetection } from '../face-detection.ts';
import { cosine } from '../face-match-score.ts';
import { type LfwDataset, type LfwPair, lfwImagePath } from './lfw-dataset.ts';
import { fnmrAtFmr, type FnmrAtFmr } from './fnmr-at-fmr.ts';
import { type VerificationMetrics, verificationMetrics } from './verification-metrics.ts';

/** Result of {@link verifyLfw}. */
export interface LfwVerification {
  algorithm: string;
  images: number;
  /** Images where the detector found no face: their pairs score as non-matches (face-match score 0). */
  detectionFailures: { count: number; files: string[] };
  overall: VerificationMetrics;
  /**
   * Pairs whose two identities share a sex label (mixed-sex non-mated pairs are left out here, kept overall), each
   * also at the overall TAR@FAR threshold (`atThreshold`): one global threshold, never per-group ones.
   */
  bySex: Record<string, VerificationMetrics>;
  /**
   * FNMR at FMR 1e-2 and 1e-3 (each threshold set on all non-mated pairs), overall and by sex (pairs whose two people
   * share a sex label), with Clopper-Pearson 95% intervals: the view NIST takes of demographic differentials.
   */
  fnmrAtFmr: FnmrAtFmr[];
}

/** The face nearest the image centre: LFW crops are centred on their subject, others may appear at the edges. */
function centralFace(faces: readonly FaceDetection[], width: number, height: number): FaceDetection | undefined {
  let best: FaceDetection | undefined, bestD = Infinity;
  for (const f of faces) {
    const d = Math.hypot((f.box.x1 + f.box.x2) / 2 - width / 2, (f.box.y1 + f.box.y2) / 2 - height / 2);
    if (d < bestD) { bestD = d; best = f; }
  }
  return best;
}

/**
 * Scores `pairs` (default: all of the dataset's) with `algorithm`: each image embedded once (in memory only), pair
 * score = the algorithm's face-match score of the two embeddings.
 * @throws InputError naming an image file that cannot be read.
 */
export async function verifyLfw(
  algorithm: FaceAlgorithm,
  data: LfwDataset,
  options: { pairs?: readonly LfwPair[]; onProgress?: (done: number, total: number) => void } = {},
): Promise<LfwVerification> {
  const pairs = options.pairs ?? data.pairs;
  const files = [...new Set(pairs.flatMap((p) => [lfwImagePath(data.dir, p.identityA, p.imageA), lfwImagePath(data.dir, p.identityB, p.imageB)]))].sort();
  const embeddings = new Map<string, Float32Array | null>();
  const failures: string[] = [];
  for (const [i, file] of files.entries()) {
    const img = await loadImage(file);
    const face = centralFace(await algorithm.detect(img), img.width, img.height);
    if (face === undefined) failures.push(file);
    embeddings.set(file, face === undefined ? null : await algorithm.embed(img, face));
    options.onProgress?.(i + 1, files.length);
  }
  const scores = pairs.map((p) => {
    const a = embeddings.get(lfwImagePath(data.dir, p.identityA, p.imageA));
    const b = embeddings.get(lfwImagePath(data.dir, p.identityB, p.imageB));
    return a && b ? algorithm.matchScore(cosine(a, b)) : 0;
  });
  const mated = pairs.map((p) => p.mated);
  const overall = verificationMetrics(scores, mated);
  const bySex: Record<string, VerificationMetrics> = {};
  const sexOf = (id: string) => data.subjects.get(id)?.sex ?? null;
  const sexes = [...new Set(pairs.map((p) => sexOf(p.identityA)).filter((s): s is string => s !== null))].sort();
  for (const sex of sexes) {
    const keep = pairs.map((p) => sexOf(p.identityA) === sex && sexOf(p.identityB) === sex);
    bySex[sex] = verificationMetrics(scores.filter((_, i) => keep[i]), mated.filter((_, i) => keep[i]), { threshold: overall.tarAtFar.threshold });
  }
  const sameSex = (i: number): string | null => {
    const p = pairs[i];
    const a = p === undefined ? null : sexOf(p.identityA);
    return p !== undefined && a !== null && a === sexOf(p.identityB) ? a : null;
  };
  return {
    algorithm: algorithm.name,
    images: files.length,
    detectionFailures: { count: failures.length, files: failures },
    overall,
    bySex,
    fnmrAtFmr: fnmrAtFmr(scores, mated, sameSex, { targets: [1e-2, 1e-3] }),
  };
}

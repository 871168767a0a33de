/**
 * Track stitching: joins the fragments of one person's walk that the tracker could not link frame to frame (a face
 * lost for longer than the tracker's gap, or a detector that finds it only now and then). A fragment may continue
 * another when it starts after the other ends, within `maxGapMs`, near where the other's motion predicts, with a
 * similar probe (cosine of the mean embeddings). All candidate links of a segment are chosen together by an optimal
 * assignment (each fragment has at most one successor and one predecessor), so chains form and no fragment is
 * claimed twice.
 */
import { cosine } from '../algorithms/index.ts';
import { optimalAssignment, type AllowedPair } from '../core/optimal-assignment.ts';
import { boxDistance, predictBox, type TrackPoint } from './predict-box.ts';

/** Stitching settings. */
export interface StitchOptions {
  /** Longest gap between the end of one fragment and the start of the next (ms, default 2000). */
  maxGapMs?: number;
  /** Lowest cosine between the two fragments' probes (default 0.5). */
  minCosine?: number;
  /** Farthest the next fragment's first box may lie from the predicted box, in face sizes (default 3). */
  maxCentreDistance?: number;
  /**
   * The similarity of fragments i and j, for the pairs where j may follow i ({@link mayFollow}): a cosine, or an
   * algorithm's own score for templates only it reads (default: the cosine of their vectors).
   */
  similarity?: (i: number, j: number) => number;
}

/** A fragment to stitch: its detections in time order and its probe (L2-normalised; absent when `similarity` is given). */
export interface Fragment {
  points: readonly TrackPoint[];
  vector?: Float32Array;
}

/** True when fragment `b` starts after `a` ends, within `maxGapMs`: the pairs whose similarity stitching needs. */
export function mayFollow(a: Fragment, b: Fragment, maxGapMs: number): boolean {
  const end = a.points[a.points.length - 1]?.tMs ?? Infinity;
  const start = b.points[0]?.tMs ?? -Infinity;
  return start > end && start - end <= maxGapMs;
}

/**
 * Groups `fragments` into tracks: each returned group lists fragment indexes in time order; every fragment is in
 * exactly one group; groups are ordered by their first fragment.
 * @example stitchTracks([a, b, c], { maxGapMs: 2000 }) // [[0, 2], [1]]
 */
export function stitchTracks(fragments: readonly Fragment[], options: StitchOptions = {}): number[][] {
  const maxGap = options.maxGapMs ?? 2000;
  const minCos = options.minCosine ?? 0.5;
  const maxCentre = options.maxCentreDistance ?? 3;
  const first = (f: Fragment): TrackPoint => f.points[0] as TrackPoint;
  const similarity = options.similarity ?? ((i: number, j: number): number => {
    const [a, b] = [fragments[i]?.vector, fragments[j]?.vector];
    return a === undefined || b === undefined ? -Infinity : cosine(a, b);
  });
  const pairs: AllowedPair[] = [];
  fragments.forEach((a, i) => {
    fragments.forEach((b, j) => {
      const start = first(b);
      if (i === j || !mayFollow(a, b, maxGap)) return;
      const cos = similarity(i, j);
      if (cos < minCos) return;
      const d = boxDistance(predictBox(a.points, start.tMs).box, start.box);
      if (d.centre > maxCentre) return;
      pairs.push({ row: i, col: j, cost: 1 - cos + 0.1 * d.centre });
    });
  });
  const next = optimalAssignment(fragments.length, fragments.length, pairs, () => 1e6);
  const hasPredecessor = new Set<number>([...next].filter((j) => j >= 0));
  const groups: number[][] = [];
  fragments.forEach((_, i) => {
    if (hasPredecessor.has(i)) return;
    const chain = [i];
    for (let j = next[i] as number; j >= 0; j = next[j] as number) chain.push(j);
    groups.push(chain);
  });
  return groups.sort((x, y) => first(fragments[x[0] as number] as Fragment).tMs - first(fragments[y[0] as number] as Fragment).tMs || (x[0] as number) - (y[0] as number));
}

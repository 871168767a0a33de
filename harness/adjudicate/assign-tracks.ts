/**
 * Assigns replayed tracks to ground-truth passes by camera and time: each track goes to the pass at the same
 * deployment and camera whose time span it overlaps most (intersection over union of the two spans), when that
 * overlap reaches `minOverlap`; otherwise it belongs to no known pass.
 */
import type { Track } from './track.ts';

/** A pass to match tracks to (a volunteer's or a known crowd pass). */
export interface PassSpan {
  deployment: string;
  camera: string;
  tStartMs: number;
  tEndMs: number;
}

/** Which pass each track went to (-1: none), and how many tracks overlapped more than one pass. */
export interface Assignment {
  passOfTrack: Int32Array;
  /** Tracks whose span overlapped two or more passes at >= minOverlap (time alone could not tell them apart). */
  ambiguous: number;
}

/** Intersection over union of two time spans; 0 when they do not overlap. */
export function spanIou(a0: number, a1: number, b0: number, b1: number): number {
  const inter = Math.min(a1, b1) - Math.max(a0, b0);
  if (inter <= 0) return 0;
  return inter / (Math.max(a1, b1) - Math.min(a0, b0));
}

/**
 * Assigns each track to its best-overlapping pass. Ties go to the earlier pass in `passes`.
 * @example assignTracks(tracks, passes, 0.2).passOfTrack[0] // index into passes, or -1
 */
export function assignTracks(tracks: readonly Track[], passes: readonly PassSpan[], minOverlap: number): Assignment {
  const byPlace = new Map<string, number[]>();
  passes.forEach((p, i) => {
    const key = `${p.deployment}\u0000${p.camera}`;
    const list = byPlace.get(key) ?? [];
    list.push(i);
    byPlace.set(key, list);
  });
  const passOfTrack = new Int32Array(tracks.length).fill(-1);
  let ambiguous = 0;
  tracks.forEach((t, ti) => {
    let best = -1;
    let bestIou = 0;
    let over = 0;
    for (const pi of byPlace.get(`${t.deployment}\u0000${t.camera}`) ?? []) {
      const p = passes[pi] as PassSpan;
      const iou = spanIou(t.tStartMs, Math.max(t.tEndMs, t.tStartMs + 1), p.tStartMs, p.tEndMs);
      if (iou >= minOverlap) over++;
      if (iou > bestIou) { best = pi; bestIou = iou; }
    }
    if (bestIou >= minOverlap) passOfTrack[ti] = best;
    if (over > 1) ambiguous++;
  });
  return { passOfTrack, ambiguous };
}

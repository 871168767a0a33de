/**
 * Assigns replayed tracks to ground-truth passes, all tracks and passes of a camera together.
 *
 *   score(track, pass)  time and place (the pass has a place): the share of the track's detections made during the
 *                       pass [tStartMs, tEndMs) whose box centre lies in the pass's zone, or in its box at that time;
 *                       time only (no place, or `usePlace` off): intersection over union of the two time spans
 *                       (the track's span runs to one frame after its last detection; the pass's end is exclusive)
 *   allowed pairs       same deployment and camera, score >= minOverlap
 *   round 1, 2, ...     an optimal one-to-one assignment (Hungarian method) of the tracks still unassigned to the
 *                       passes, maximising the total score; ties in score go to the pair whose start times are
 *                       closest; in later rounds a pass takes another track (a fragment of the same walk) only if
 *                       that track does not overlap in time a track the pass already has
 *   until a round assigns nothing; tracks left belong to no known pass
 *
 * Never decided by list order. Tracks that could go to two or more passes, and assignments decided by the tie
 * rule, are counted.
 */
import type { Place } from '../campaign/manifest-schema.ts';
import { optimalAssignment, type AllowedPair } from '../core/optimal-assignment.ts';
import { placeContains } from './place-contains.ts';
import type { Track } from './track.ts';

/** A pass to match tracks to (a volunteer's or a known crowd pass). */
export interface PassSpan {
  deployment: string;
  camera: string;
  tStartMs: number;
  /** Exclusive. */
  tEndMs: number;
  place?: Place | undefined;
}

/** How tracks and passes are scored. */
export interface AssignOptions {
  /** Lowest score for a track to go to a pass (time IoU or share of detections in place). */
  minOverlap: number;
  /** Use passes' places when they have one (false: time only, for every pass). */
  usePlace: boolean;
}

/** Which pass each track went to, and how the assignment was decided. */
export interface Assignment {
  /** Index into the passes, or -1 (no known pass). */
  passOfTrack: Int32Array;
  /** The score of each track with its pass (0 when it has none). */
  scoreOfTrack: Float64Array;
  /** Tracks that scored >= minOverlap with two or more passes (the score alone could not tell them apart). */
  ambiguous: number;
  /** Assigned tracks that scored exactly as well with another pass: the tie rule (closest start) decided. */
  tied: number;
  /** Assigned tracks scored by place, and by time alone. */
  byPlace: number;
  byTime: number;
}

/** Intersection over union of two time spans [a0, a1) and [b0, b1); 0 when they do not overlap. */
export function spanIou(a0: number, a1: number, b0: number, b1: number): number {
  const inter = Math.min(a1, b1) - Math.max(a0, b0);
  if (inter <= 0) return 0;
  return inter / (Math.max(a1, b1) - Math.min(a0, b0));
}

/**
 * The score of `track` for `pass` and whether place decided it: with a place (and `usePlace`), the share of the
 * track's detections in the pass's place during the pass; otherwise the IoU of the two time spans.
 */
export function trackPassScore(track: Track, pass: PassSpan, usePlace: boolean): { score: number; byPlace: boolean } {
  if (usePlace && pass.place !== undefined && track.points.length > 0) {
    let inside = 0;
    for (const p of track.points) {
      if (p.tMs < pass.tStartMs || p.tMs >= pass.tEndMs) continue;
      if (placeContains(pass.place, p.tMs, (p.box.x1 + p.box.x2) / 2, (p.box.y1 + p.box.y2) / 2)) inside++;
    }
    return { score: inside / track.points.length, byPlace: true };
  }
  return { score: spanIou(track.tStartMs, track.tEndMs + track.frameMs, pass.tStartMs, pass.tEndMs), byPlace: false };
}

/** Scores are compared to four decimals, so that equal shares computed in different orders tie. */
const SCORE_STEPS = 1e4;
/** Start-time differences beyond this (ms) all rank alike in the tie rule. */
const MAX_START_GAP = 99_999;

/**
 * Assigns `tracks` to `passes` (see the module comment for the rule).
 * @example assignTracks(tracks, passes, { minOverlap: 0.2, usePlace: true }).passOfTrack[0] // index into passes, or -1
 */
export function assignTracks(tracks: readonly Track[], passes: readonly PassSpan[], options: AssignOptions): Assignment {
  const byCamera = new Map<string, number[]>();
  passes.forEach((p, i) => {
    const key = `${p.deployment}\u0000${p.camera}`;
    const list = byCamera.get(key) ?? [];
    list.push(i);
    byCamera.set(key, list);
  });
  // Every allowed (track, pass) pair with its score, quantised.
  const candidates: { track: number; pass: number; steps: number; byPlace: boolean }[] = [];
  tracks.forEach((t, ti) => {
    for (const pi of byCamera.get(`${t.deployment}\u0000${t.camera}`) ?? []) {
      const { score, byPlace } = trackPassScore(t, passes[pi] as PassSpan, options.usePlace);
      const steps = Math.round(score * SCORE_STEPS);
      if (steps > 0 && steps >= Math.round(options.minOverlap * SCORE_STEPS)) candidates.push({ track: ti, pass: pi, steps, byPlace });
    }
  });
  const passOfTrack = new Int32Array(tracks.length).fill(-1);
  const scoreOfTrack = new Float64Array(tracks.length);
  const byPlaceOfTrack = new Uint8Array(tracks.length);
  const tracksOfPass = new Map<number, number[]>();
  const candidateOf = new Map(candidates.map((c) => [c.track * passes.length + c.pass, c]));
  const overlaps = (a: Track, b: Track): boolean => a.tStartMs <= b.tEndMs && b.tStartMs <= a.tEndMs;
  // Lexicographic cost as one integer: (1 - score) first, then the start-time gap (ms); exact in doubles.
  const weight = (MAX_START_GAP + 1) * (tracks.length + 1);
  for (;;) {
    const pairs: AllowedPair[] = [];
    for (const c of candidates) {
      if (passOfTrack[c.track] !== -1) continue;
      const t = tracks[c.track] as Track;
      if ((tracksOfPass.get(c.pass) ?? []).some((k) => overlaps(tracks[k] as Track, t))) continue;
      const gap = Math.min(MAX_START_GAP, Math.round(Math.abs(t.tStartMs - (passes[c.pass] as PassSpan).tStartMs)));
      pairs.push({ row: c.track, col: c.pass, cost: (SCORE_STEPS - c.steps) * weight + gap });
    }
    if (pairs.length === 0) break;
    const chosen = optimalAssignment(tracks.length, passes.length, pairs, () => (SCORE_STEPS + 1) * weight);
    let assigned = 0;
    chosen.forEach((pi, ti) => {
      if (pi < 0 || passOfTrack[ti] !== -1) return;
      const c = candidateOf.get(ti * passes.length + pi);
      if (c === undefined) return;
      passOfTrack[ti] = pi;
      scoreOfTrack[ti] = c.steps / SCORE_STEPS;
      byPlaceOfTrack[ti] = c.byPlace ? 1 : 0;
      const list = tracksOfPass.get(pi) ?? [];
      list.push(ti);
      tracksOfPass.set(pi, list);
      assigned++;
    });
    if (assigned === 0) break;
  }
  const perTrack = new Map<number, { pass: number; steps: number }[]>();
  for (const c of candidates) {
    const list = perTrack.get(c.track) ?? [];
    list.push(c);
    perTrack.set(c.track, list);
  }
  let ambiguous = 0, tied = 0, byPlace = 0, byTime = 0;
  for (const [ti, list] of perTrack) {
    if (list.length > 1) ambiguous++;
    const pi = passOfTrack[ti] as number;
    if (pi < 0) continue;
    const mine = list.find((c) => c.pass === pi)?.steps;
    if (list.some((c) => c.pass !== pi && c.steps === mine)) tied++;
    if (byPlaceOfTrack[ti] === 1) byPlace++;
    else byTime++;
  }
  return { passOfTrack, scoreOfTrack, ambiguous, tied, byPlace, byTime };
}

/**
 * Constant-velocity motion of a face box: where a track's face should be at a later time, from a straight-line fit
 * of its last detections' centres and sizes against time (a Kalman-free version of the SORT motion model, Bewley
 * et al. 2016), and how far a detection lies from that prediction in face sizes.
 */
import type { Box } from '../algorithms/index.ts';

/** One detection of a track: when, where, and how sure the detector was. */
export interface TrackPoint {
  tMs: number;
  box: Box;
  score: number;
}

/** Detections used for the velocity fit, newest last. */
const FIT_POINTS = 5;
/** Velocities are fitted over at most this much of the track's recent past (ms). */
const FIT_SPAN_MS = 1500;

/** A box's centre and size (geometric mean of width and height). */
function shape(b: Box): { cx: number; cy: number; size: number; aspect: number } {
  const w = b.x2 - b.x1, h = b.y2 - b.y1;
  return { cx: (b.x1 + b.x2) / 2, cy: (b.y1 + b.y2) / 2, size: Math.sqrt(Math.max(w * h, 1e-9)), aspect: h > 0 ? w / h : 1 };
}

/**
 * The box of a track at `tMs`: its last box moved by the fitted velocity of centre and size (a log-size slope, so a
 * face growing as it approaches keeps growing in proportion). With one detection the last box is returned.
 * Returns the box and whether a velocity could be fitted.
 * @example predictBox([{ tMs: 0, box, score: 1 }, { tMs: 100, box: moved, score: 1 }], 200).box
 */
export function predictBox(points: readonly TrackPoint[], tMs: number): { box: Box; moving: boolean } {
  const last = points[points.length - 1];
  if (last === undefined) throw new RangeError('a track has at least one detection');
  const recent = points.slice(-FIT_POINTS).filter((p) => last.tMs - p.tMs <= FIT_SPAN_MS);
  const now = shape(last.box);
  if (recent.length < 2) return { box: last.box, moving: false };
  const t0 = recent.reduce((s, p) => s + p.tMs, 0) / recent.length;
  let stt = 0;
  for (const p of recent) stt += (p.tMs - t0) ** 2;
  if (stt <= 0) return { box: last.box, moving: false };
  const slope = (f: (s: ReturnType<typeof shape>) => number): number => {
    const mean = recent.reduce((s, p) => s + f(shape(p.box)), 0) / recent.length;
    let sty = 0;
    for (const p of recent) sty += (p.tMs - t0) * (f(shape(p.box)) - mean);
    return sty / stt;
  };
  const dt = tMs - last.tMs;
  const cx = now.cx + slope((s) => s.cx) * dt;
  const cy = now.cy + slope((s) => s.cy) * dt;
  const size = now.size * Math.exp(slope((s) => Math.log(s.size)) * dt);
  const w = size * Math.sqrt(now.aspect), h = size / Math.sqrt(now.aspect);
  return { box: { x1: cx - w / 2, y1: cy - h / 2, x2: cx + w / 2, y2: cy + h / 2 }, moving: true };
}

/**
 * How far detection box `b` lies from predicted box `p`: the distance between centres in units of the predicted face
 * size, and the absolute log ratio of the two sizes (0 = same size).
 */
export function boxDistance(p: Box, b: Box): { centre: number; scale: number } {
  const a = shape(p), d = shape(b);
  return { centre: Math.hypot(d.cx - a.cx, d.cy - a.cy) / a.size, scale: Math.abs(Math.log(d.size / a.size)) };
}

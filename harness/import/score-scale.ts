/**
 * ScoreScale: how a vendor's face-match score maps onto the protocol's 0..1 threshold scale, and back (so that
 * reports can name the vendor's own setting beside each of our thresholds). Three kinds: identity (the vendor already
 * scores on 0..1), linear (e.g. 0..100 -> 0..1) and table (a monotone piecewise-linear curve through given points, for
 * uncalibrated scores matched to ours by a calibration study).
 */
import { z } from 'zod';

export const ScoreScaleSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('identity') }).describe('The vendor\'s scores are already on the 0..1 scale'),
  z.strictObject({
    kind: z.literal('linear'),
    vendor: z.tuple([z.number(), z.number()]).describe('Two vendor scores, e.g. [0, 100]'),
    evenhand: z.tuple([z.number().min(0).max(1), z.number().min(0).max(1)]).default([0, 1]).describe('The 0..1 scores they map to (default [0, 1])'),
  }).describe('A straight line through two points; results are clipped to 0..1'),
  z.strictObject({
    kind: z.literal('table'),
    points: z.array(z.tuple([z.number(), z.number().min(0).max(1)])).min(2)
      .describe('[vendor score, 0..1 score] pairs, both increasing; linear between points, clipped to the end points outside them'),
  }).describe('A monotone curve through measured points'),
]).describe('How the vendor\'s score maps to the protocol\'s 0..1 threshold scale');

export type ScoreScale = z.output<typeof ScoreScaleSchema>;

/** Problems of a scale that its schema cannot see (points out of order, a flat line); empty when sound. */
export function scaleProblems(scale: ScoreScale): string[] {
  switch (scale.kind) {
    case 'identity':
      return [];
    case 'linear':
      return scale.vendor[0] === scale.vendor[1] || scale.evenhand[0] === scale.evenhand[1] ? ['two different vendor scores mapped to two different 0..1 scores'] : [];
    case 'table': {
      const bad = scale.points.findIndex((p, i) => i > 0 && !(p[0] > (scale.points[i - 1]?.[0] ?? -Infinity) && p[1] > (scale.points[i - 1]?.[1] ?? -Infinity)));
      return bad < 0 ? [] : [`points increasing in both scores (points[${bad}] is not above points[${bad - 1}])`];
    }
  }
}

/** Linear interpolation through sorted points (x ascending), clipped to the end points. */
function through(points: readonly (readonly [number, number])[], x: number): number {
  const first = points[0], last = points[points.length - 1];
  if (first === undefined || last === undefined) return x;
  if (x <= first[0]) return first[1];
  if (x >= last[0]) return last[1];
  for (let i = 1; i < points.length; i++) {
    const b = points[i] as readonly [number, number];
    if (x > b[0]) continue;
    const a = points[i - 1] as readonly [number, number];
    return a[1] + ((x - a[0]) / (b[0] - a[0])) * (b[1] - a[1]);
  }
  return last[1];
}

const clip = (x: number): number => Math.min(1, Math.max(0, x));
/** Kept to 9 decimals, as thresholds are, so that 64 on 0..100 gives exactly 0.64. */
const round9 = (x: number): number => Math.round(x * 1e9) / 1e9;

/**
 * A vendor score on the protocol's 0..1 scale.
 * @example toProtocolScore({ kind: 'linear', vendor: [0, 100], evenhand: [0, 1] }, 64) // 0.64
 */
export function toProtocolScore(scale: ScoreScale, vendor: number): number {
  switch (scale.kind) {
    case 'identity':
      return clip(vendor);
    case 'linear': {
      const [v0, v1] = scale.vendor, [e0, e1] = scale.evenhand;
      return clip(round9(e0 + ((vendor - v0) / (v1 - v0)) * (e1 - e0)));
    }
    case 'table':
      return clip(round9(through(scale.points, vendor)));
  }
}

/**
 * The vendor's score that corresponds to a 0..1 threshold (the setting an operator would enter), or null when the
 * threshold lies outside what the scale reaches (a table's end points).
 * @example toVendorScore({ kind: 'linear', vendor: [0, 100], evenhand: [0, 1] }, 0.6) // 60
 */
export function toVendorScore(scale: ScoreScale, threshold: number): number | null {
  switch (scale.kind) {
    case 'identity':
      return threshold;
    case 'linear': {
      const [v0, v1] = scale.vendor, [e0, e1] = scale.evenhand;
      return round9(v0 + ((threshold - e0) / (e1 - e0)) * (v1 - v0));
    }
    case 'table': {
      const pts = scale.points;
      const lo = pts[0], hi = pts[pts.length - 1];
      if (lo === undefined || hi === undefined || threshold < lo[1] || threshold > hi[1]) return null;
      return round9(through(pts.map(([v, e]) => [e, v] as const), threshold));
    }
  }
}

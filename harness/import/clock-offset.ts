/**
 * Clock offset between a log and the ground truth, estimated from the volunteers' own alerts: an alert naming
 * volunteer X at a camera should fall inside one of X's passes there. For each such alert, the shifts that would put it
 * inside one of those passes (widened by the tolerance) form intervals; the estimate is the shift that puts the most
 * alerts inside (a sweep over the intervals' ends), the middle of the best stretch of shifts, and the nearest such
 * stretch to the configured offset when several tie. A warning is due when that shift brings clearly more of the
 * volunteers' alerts into their passes than the configured offset does.
 */
import type { Manifest } from '../campaign/load-manifest.ts';
import type { LogAlert } from './log-alert.ts';

/** The estimate and how it compares with the configured offset. */
export interface ClockOffsetEstimate {
  /** Alerts naming a volunteer who has a pass at that camera (the evidence). */
  volunteerAlerts: number;
  /** Of those, inside one of the volunteer's passes at the configured offset (within the tolerance). */
  matchedAtConfigured: number;
  /** The estimated offset (ms; ground truth = logged + offset), null without evidence. */
  offsetMs: number | null;
  /** Alerts inside a pass at the estimated offset. */
  matchedAtEstimate: number;
  /** True when the estimate brings at least max(2, 5% of the evidence) more alerts into their passes. */
  warn: boolean;
}

/** Settings of the estimate. */
export interface ClockOffsetOptions {
  offsetMs: number;
  toleranceMs: number;
  /** Largest shift searched, either way from 0 (ms). */
  maxShiftMs: number;
}

/**
 * Estimates the log's clock offset from `alerts` (their rank-1 subject) against the manifest's volunteer passes.
 * @example estimateClockOffset(alerts, manifest, { offsetMs: 0, toleranceMs: 1000, maxShiftMs: 600_000 }).offsetMs
 */
export function estimateClockOffset(alerts: readonly LogAlert[], manifest: Manifest, options: ClockOffsetOptions): ClockOffsetEstimate {
  const passes = new Map<string, { tStartMs: number; tEndMs: number }[]>();
  for (const p of manifest.passes) {
    const key = `${p.volunteer}\u0000${p.deployment}\u0000${p.camera}`;
    passes.set(key, [...(passes.get(key) ?? []), p]);
  }
  const tol = options.toleranceMs;
  const events: { at: number; step: number }[] = [];
  let evidence = 0, matchedAtConfigured = 0;
  for (const a of alerts) {
    const subject = a.candidates[0]?.subject;
    const mine = subject === undefined ? undefined : passes.get(`${subject}\u0000${a.deployment}\u0000${a.camera}`);
    if (mine === undefined) continue;
    evidence++;
    // shifts d with tStart - tol <= logged + d < tEnd + tol, merged per alert so that an alert counts once
    const spans = mine.map((p) => [p.tStartMs - tol - a.loggedMs, p.tEndMs + tol - a.loggedMs] as const)
      .map(([lo, hi]) => [Math.max(lo, -options.maxShiftMs), Math.min(hi, options.maxShiftMs + 1)] as const)
      .filter(([lo, hi]) => hi > lo)
      .sort((x, y) => x[0] - y[0]);
    const merged: [number, number][] = [];
    for (const [lo, hi] of spans) {
      const last = merged[merged.length - 1];
      if (last !== undefined && lo <= last[1]) last[1] = Math.max(last[1], hi);
      else merged.push([lo, hi]);
    }
    if (merged.some(([lo, hi]) => options.offsetMs >= lo && options.offsetMs < hi)) matchedAtConfigured++;
    for (const [lo, hi] of merged) events.push({ at: lo, step: 1 }, { at: hi, step: -1 });
  }
  if (evidence === 0) return { volunteerAlerts: 0, matchedAtConfigured: 0, offsetMs: null, matchedAtEstimate: 0, warn: false };
  events.sort((x, y) => x.at - y.at || x.step - y.step);
  let level = 0, best = 0;
  const stretches: [number, number][] = [];
  for (const [i, e] of events.entries()) {
    level += e.step;
    const next = events[i + 1]?.at;
    if (next === undefined || next <= e.at) continue;
    if (level > best) { best = level; stretches.length = 0; }
    if (level === best && level > 0) stretches.push([e.at, next]);
  }
  if (best === 0) return { volunteerAlerts: evidence, matchedAtConfigured, offsetMs: null, matchedAtEstimate: 0, warn: false };
  const distance = ([lo, hi]: [number, number]): number => (options.offsetMs < lo ? lo - options.offsetMs : options.offsetMs >= hi ? options.offsetMs - hi + 1 : 0);
  const nearest = stretches.reduce((b, s) => (distance(s) < distance(b) ? s : b));
  const offsetMs = distance(nearest) === 0 ? options.offsetMs : Math.round((nearest[0] + nearest[1] - 1) / 2);
  const gain = best - matchedAtConfigured;
  return { volunteerAlerts: evidence, matchedAtConfigured, offsetMs, matchedAtEstimate: best, warn: gain >= Math.max(2, 0.05 * evidence) };
}

/**
 * False non-match rate at a fixed false match rate, overall and by group: the view NIST's demographic evaluations
 * take (NISTIR 8280, 2019). One threshold per target FMR is set on all non-mated pairs together, then each group's
 * FNMR (its mated pairs below the threshold) and FMR (its non-mated pairs at or above it) are read at that same
 * threshold, each with a Clopper-Pearson interval.
 */
import { clopperPearson } from '../../stats/clopper-pearson.ts';
import { thresholdAtFar } from './verification-metrics.ts';

/** A rate: k of n, with its exact interval. */
export interface CountedRate {
  k: number;
  n: number;
  estimate: number | null;
  lower: number;
  upper: number;
}

/** FNMR and FMR at the threshold set for one target FMR. */
export interface FnmrAtFmr {
  /** The target FMR the threshold was set for. */
  targetFmr: number;
  threshold: number;
  /** Confidence level of the intervals. */
  level: number;
  overall: { fnmr: CountedRate; fmr: CountedRate };
  byGroup: Record<string, { fnmr: CountedRate; fmr: CountedRate }>;
}

function rate(k: number, n: number, level: number): CountedRate {
  const { lower, upper } = clopperPearson(k, n, level);
  return { k, n, estimate: n === 0 ? null : k / n, lower, upper };
}

/**
 * FNMR at each target FMR for pairs `scores[i]` (mated or not); `groupOf(i)` names pair i's group (e.g. the sex both
 * people share) or null (left out of the groups, kept overall).
 * Options: `targets` (default FMR 1e-2 and 1e-3), `level` of the intervals (default 0.95).
 * @example fnmrAtFmr(scores, mated, (i) => sexOf(i), { targets: [1e-2, 1e-3] })
 */
export function fnmrAtFmr(scores: readonly number[], mated: readonly boolean[], groupOf: (i: number) => string | null,
  options: { targets?: readonly number[]; level?: number } = {}): FnmrAtFmr[] {
  const targets = options.targets ?? [1e-2, 1e-3];
  const level = options.level ?? 0.95;
  const threshold = (t: number): number => thresholdAtFar(scores.filter((_, i) => !mated[i]), t);
  const groups = [...new Set(scores.map((_, i) => groupOf(i)).filter((g): g is string => g !== null))].sort();
  const at = (t: number, keep: (i: number) => boolean): { fnmr: CountedRate; fmr: CountedRate } => {
    let miss = 0, m = 0, falseMatch = 0, nm = 0;
    scores.forEach((s, i) => {
      if (!keep(i)) return;
      if (mated[i]) { m++; if (s < t) miss++; } else { nm++; if (s >= t) falseMatch++; }
    });
    return { fnmr: rate(miss, m, level), fmr: rate(falseMatch, nm, level) };
  };
  return targets.map((targetFmr) => {
    const t = threshold(targetFmr);
    return {
      targetFmr, threshold: t, level,
      overall: at(t, () => true),
      byGroup: Object.fromEntries(groups.map((g) => [g, at(t, (i) => groupOf(i) === g)])),
    };
  });
}

/**
 * Differential indices between the groups of one level at one threshold, as point estimates from error rates:
 * the max/min ratio (NIST IR 8280's ratio of the highest to the lowest group rate), the largest difference, and
 * the Gini-type GARBE term (Howard et al. 2022) on one error rate.
 */

/** Point estimates of the differential indices for one error rate across groups. */
export interface GroupDifferentials {
  /** Groups taken into account (at least the minimum cell size). */
  groups: number;
  /** Highest group rate / lowest group rate; null when the lowest is 0 (then `note` says so) or fewer than 2 groups. */
  maxMinRatio: number | null;
  /** Highest minus lowest group rate (a difference of proportions, 0..1). */
  maxDifference: number | null;
  /** G(x) = n/(n-1) · Σi Σj |xi - xj| / (2 n² mean(x)); 0 = equal; null when the mean is 0. */
  garbe: number | null;
  note: string | null;
}

/**
 * Differential indices of `rates` (one error rate per group, 0..1).
 * Reference: Howard, Laird, Rubin, Sirotin, Tipton, Vemury, "Evaluating proposed fairness models for face
 * recognition algorithms" (2022), GARBE; Grother et al., NIST IR 8280 (2019), ratios.
 * @throws RangeError when a rate is outside 0..1 or not a number.
 * @example groupDifferentials([0.01, 0.02]).maxMinRatio // 2
 */
export function groupDifferentials(rates: readonly number[]): GroupDifferentials {
  for (const r of rates) if (!(r >= 0 && r <= 1)) throw new RangeError(`groupDifferentials: a rate must be in 0..1, got ${r}`);
  const n = rates.length;
  if (n < 2) return { groups: n, maxMinRatio: null, maxDifference: null, garbe: null, note: 'fewer than 2 groups large enough to compare' };
  const max = Math.max(...rates);
  const min = Math.min(...rates);
  const mean = rates.reduce((s, x) => s + x, 0) / n;
  let sum = 0;
  for (const a of rates) for (const b of rates) sum += Math.abs(a - b);
  const garbe = mean === 0 ? null : (n / (n - 1)) * sum / (2 * n * n * mean);
  const note = min === 0 ? (max === 0 ? 'no errors in any group' : 'a group with no errors: the ratio is undefined') : null;
  return { groups: n, maxMinRatio: min === 0 ? null : max / min, maxDifference: max - min, garbe, note };
}

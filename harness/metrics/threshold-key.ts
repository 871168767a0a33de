/**
 * Matching a threshold: the one way Evenhand decides that two face-match thresholds are the same. Protocols keep
 * thresholds to 9 decimals (so that 0.56 + 2 x 0.01 is 0.58), so two thresholds match when they agree to 9 decimals.
 * Every stage that looks a threshold up (analysis, policy, report, command line) goes through these functions.
 */

/**
 * The integer key of threshold `t`: t in units of 1e-9, rounded. Equal keys mean the same threshold.
 * @throws RangeError for a value that is not a finite number.
 * @example thresholdKey(0.1 + 0.2) === thresholdKey(0.3) // true
 */
export function thresholdKey(t: number): number {
  if (!Number.isFinite(t)) throw new RangeError(`thresholdKey: a threshold must be a finite number, got ${t}`);
  return Math.round(t * 1e9);
}

/** Whether thresholds `a` and `b` are the same (agree to 9 decimals). @example sameThreshold(0.6, 0.6000000001) // true */
export function sameThreshold(a: number, b: number): boolean {
  return thresholdKey(a) === thresholdKey(b);
}

/**
 * The position of threshold `t` in `thresholds`, or -1 when it is not there.
 * @example thresholdIndex([0.5, 0.6], 0.6) // 1
 */
export function thresholdIndex(thresholds: readonly number[], t: number): number {
  const key = thresholdKey(t);
  for (let i = 0; i < thresholds.length; i++) if (thresholdKey(thresholds[i] as number) === key) return i;
  return -1;
}

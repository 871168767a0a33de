/** Comparing two proportions: difference with Newcombe's interval, pooled z-test, and the TOST equivalence test. */
import { normalCdf, normalQuantile, normalUpperTail } from './normal.ts';
import { checkBinomialArgs } from './interval.ts';
import { wilsonEffective } from './wilson.ts';
import type { Interval } from './interval.ts';

/** The difference p1 - p2 of two proportions with its interval and a test of p1 = p2. */
export interface TwoProportionTest {
  difference: number;
  lower: number;
  upper: number;
  /** Two-sided p-value of the pooled z-test of p1 = p2 (1 when both groups have no or only successes). */
  pValue: number;
}

/**
 * Difference of two independent proportions k1/n1 - k2/n2: Newcombe's hybrid score interval (method 10, built from
 * the two Wilson intervals; sound at zero counts) and the two-sided pooled z-test, which equals R's
 * `prop.test(c(k1, k2), c(n1, n2), correct = FALSE)$p.value`.
 * Reference: Newcombe, Statistics in Medicine 17 (1998) 873-890; Agresti, Categorical Data Analysis (2013) §3.1.
 * @throws RangeError on negative counts, k > n, an empty group (n = 0) or a level outside (0, 1).
 * @example twoProportionTest(89, 100, 80, 100).pValue // 0.0771
 */
export function twoProportionTest(k1: number, n1: number, k2: number, n2: number, level = 0.95): TwoProportionTest {
  checkTwo(k1, n1, k2, n2, level, 'twoProportionTest');
  const p1 = k1 / n1;
  const p2 = k2 / n2;
  const d = p1 - p2;
  const { lower, upper } = newcombeInterval({ rate: p1, size: n1 }, { rate: p2, size: n2 }, level);
  const pooled = (k1 + k2) / (n1 + n2);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  const pValue = se === 0 ? 1 : 2 * normalUpperTail(Math.abs(d) / se);
  return { difference: d, lower, upper, pValue: Math.min(1, pValue) };
}

/**
 * Newcombe's hybrid score interval (method 10) for the difference p1 - p2 of two independent rates, from their
 * Wilson intervals; the sizes may be effective (fractional) sample sizes n / d of clustered trials.
 * Reference: Newcombe, Statistics in Medicine 17 (1998) 873-890; Kish (1965) §8.2 for effective sizes.
 * @throws StatsArgumentError as wilsonEffective.
 * @example newcombeInterval({ rate: 0.8, size: 70 }, { rate: 0.6, size: 80 }, 0.95) // { lower: 0.0524..., upper: 0.3339... }
 */
export function newcombeInterval(a: { rate: number; size: number }, b: { rate: number; size: number }, level = 0.95): Interval {
  const p1 = a.rate;
  const p2 = b.rate;
  const w1 = wilsonEffective(p1, a.size, level);
  const w2 = wilsonEffective(p2, b.size, level);
  const d = p1 - p2;
  const lower = d - Math.sqrt((p1 - w1.lower) ** 2 + (w2.upper - p2) ** 2);
  const upper = d + Math.sqrt((w1.upper - p1) ** 2 + (p2 - w2.lower) ** 2);
  return { lower: Math.max(-1, lower), upper: Math.min(1, upper) };
}

/** Two one-sided tests of equivalence: of a difference within ±margin, or of a ratio within a factor of margin. */
export interface EquivalenceTest {
  /** What is compared: p1 - p2, or p1 / p2. */
  scale: 'difference' | 'ratio';
  /** The estimate the tests are built on (and the interval is centred on): see each test for its adjustment. */
  estimate: number;
  margin: number;
  /** max of the two one-sided p-values: equivalence is shown at level alpha when pValue < alpha. */
  pValue: number;
  /** The 1 - 2 alpha interval of the estimate (equivalent exactly when it lies inside the margins). */
  lower: number;
  upper: number;
  equivalent: boolean;
}

/**
 * Two one-sided tests (TOST) that two proportions are equivalent within ±margin: H0 |p1 - p2| >= margin is rejected
 * when both z = (d + margin)/se and z = (margin - d)/se exceed z_{1-alpha}. Uses the Agresti-Caffo adjusted
 * estimates (one success and one failure added to each group), so the standard error is never 0 at zero counts.
 * Equivalent to asking whether the 1 - 2 alpha Agresti-Caffo interval lies inside (-margin, margin). The reported
 * `estimate` is that adjusted difference, the one the tests and the interval use (it differs from k1/n1 - k2/n2 by
 * the pseudo-counts: at most 1/(n + 2) per group).
 * "No significant difference" is not evidence of parity; this is.
 * Reference: Schuirmann, J. Pharmacokinet. Biopharm. 15 (1987) 657-680; Agresti & Caffo, Am. Stat. 54 (2000)
 * 280-288; Wellek, Testing Statistical Hypotheses of Equivalence and Noninferiority, 2nd ed. (2010) §6.
 * @throws RangeError on bad counts, an empty group, a margin outside (0, 1) or alpha outside (0, 0.5).
 * @example twoProportionTost(356, 400, 350, 400, 0.05).equivalent // true
 */
export function twoProportionTost(k1: number, n1: number, k2: number, n2: number, margin: number, alpha = 0.05): EquivalenceTest {
  checkTwo(k1, n1, k2, n2, 0.95, 'twoProportionTost');
  if (!(margin > 0 && margin < 1)) throw new RangeError(`twoProportionTost: margin must be in (0, 1), got ${margin}`);
  if (!(alpha > 0 && alpha < 0.5)) throw new RangeError(`twoProportionTost: alpha must be in (0, 0.5), got ${alpha}`);
  const a1 = (k1 + 1) / (n1 + 2);
  const a2 = (k2 + 1) / (n2 + 2);
  const d = a1 - a2;
  const se = Math.sqrt((a1 * (1 - a1)) / (n1 + 2) + (a2 * (1 - a2)) / (n2 + 2));
  const pLower = normalUpperTail((d + margin) / se); // H0: d <= -margin
  const pUpper = normalCdf((d - margin) / se); // H0: d >= margin
  const pValue = Math.max(pLower, pUpper);
  const z = normalQuantile(1 - alpha);
  return { scale: 'difference', estimate: d, margin, pValue, lower: d - z * se, upper: d + z * se, equivalent: pValue < alpha };
}

function checkTwo(k1: number, n1: number, k2: number, n2: number, level: number, fn: string): void {
  checkBinomialArgs(k1, n1, level);
  checkBinomialArgs(k2, n2, level);
  if (n1 === 0 || n2 === 0) throw new RangeError(`${fn}: both groups need searches (an empty group), got n1=${n1}, n2=${n2}`);
}

/**
 * Two one-sided tests that two rates are equivalent within a ratio: H0 |log(p1/p2)| >= log(ratioMargin), for rare
 * events such as FPIR, whose differences between groups are multiplicative (NIST reports log10 ratios). Uses the
 * log relative risk with Katz's standard error sqrt(1/x1 - 1/m1 + 1/x2 - 1/m2) on counts with 1/2 added
 * (x = k + 1/2, m = n + 1/2), so zero counts give a wide, finite interval rather than none.
 * `estimate` is that ratio on the counts with 1/2 added (the one the tests use); `lower` and `upper` bound the ratio
 * p1/p2 (the 1 - 2 alpha interval around it).
 * Reference: Katz, Baptista, Azen & Pike, Biometrics 34 (1978) 469-474; Schuirmann (1987); Wellek (2010) §6.
 * @throws RangeError on bad counts, an empty group, ratioMargin <= 1 or alpha outside (0, 0.5).
 * @example twoProportionRatioTost(100, 600000, 110, 600000, 2).equivalent // true
 */
export function twoProportionRatioTost(k1: number, n1: number, k2: number, n2: number, ratioMargin: number, alpha = 0.05): EquivalenceTest {
  checkTwo(k1, n1, k2, n2, 0.95, 'twoProportionRatioTost');
  if (!(ratioMargin > 1 && Number.isFinite(ratioMargin))) throw new RangeError(`twoProportionRatioTost: ratioMargin must be > 1, got ${ratioMargin}`);
  if (!(alpha > 0 && alpha < 0.5)) throw new RangeError(`twoProportionRatioTost: alpha must be in (0, 0.5), got ${alpha}`);
  const x1 = k1 + 0.5;
  const m1 = n1 + 0.5;
  const x2 = k2 + 0.5;
  const m2 = n2 + 0.5;
  const logRr = Math.log(x1 / m1) - Math.log(x2 / m2);
  const se = Math.sqrt(Math.max(0, 1 / x1 - 1 / m1 + 1 / x2 - 1 / m2));
  const lm = Math.log(ratioMargin);
  const pValue = se === 0 ? (Math.abs(logRr) < lm ? 0 : 1) : Math.max(normalUpperTail((logRr + lm) / se), normalCdf((logRr - lm) / se));
  const z = normalQuantile(1 - alpha);
  return {
    scale: 'ratio', estimate: Math.exp(logRr), margin: ratioMargin, pValue,
    lower: Math.exp(logRr - z * se), upper: Math.exp(logRr + z * se), equivalent: pValue < alpha,
  };
}

/** Sample size and power for comparing detection rates between groups, and crowd sizes for bounding FPIR. */
import { normalCdf, normalQuantile } from './normal.ts';
import { binomialUpperBound } from './upper-bound.ts';
import { incompleteBetaUpper } from './beta.ts';
import { StatsArgumentError } from './argument-error.ts';

function checkP(p: number, name: string, fn: string): void {
  if (!(p > 0 && p < 1)) throw new RangeError(`${fn}: ${name} must be in (0, 1), got ${p}`);
}

function checkRate(p: number, name: string, fn: string): void {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`${fn}: ${name} must be in [0, 1], got ${p}`);
}

/**
 * Power of the two-sided two-proportion z-test with n searches per group to detect p1 vs p2 at level alpha:
 * Φ((√n |p1 - p2| - z_{1-α/2} √((p1 + p2)(1 - (p1 + p2)/2))) / √(p1(1 - p1) + p2(1 - p2))).
 * Agrees with R's `power.prop.test(n, p1, p2, sig.level)$power` (strict = FALSE).
 * Reference: Fleiss, Levin & Paik, Statistical Methods for Rates and Proportions, 3rd ed. (2003) §4.2.
 * @throws RangeError for p1, p2 outside [0, 1] (or both at 0 or 1), alpha outside (0, 1), or n <= 0.
 * @example twoProportionPower(0.89, 0.79, 200, 0.05) // about 0.80
 */
export function twoProportionPower(p1: number, p2: number, n: number, alpha = 0.05): number {
  checkRate(p1, 'p1', 'twoProportionPower');
  checkRate(p2, 'p2', 'twoProportionPower');
  if (p1 * (1 - p1) + p2 * (1 - p2) === 0) throw new RangeError(`twoProportionPower: p1 and p2 cannot both be 0 or 1, got ${p1} and ${p2}`);
  checkP(alpha, 'alpha', 'twoProportionPower');
  if (!(n > 0)) throw new RangeError(`twoProportionPower: n must be > 0, got ${n}`);
  const qz = normalQuantile(1 - alpha / 2);
  return normalCdf((Math.sqrt(n) * Math.abs(p1 - p2) - qz * Math.sqrt((p1 + p2) * (1 - (p1 + p2) / 2))) / Math.sqrt(p1 * (1 - p1) + p2 * (1 - p2)));
}

/**
 * Searches per group (not rounded) for the two-sided two-proportion z-test to detect p1 vs p2 with the given power at
 * level alpha, assuming independent searches: the closed-form root of twoProportionPower, equal to R's
 * `power.prop.test(p1 = p1, p2 = p2, power = power, sig.level = alpha)$n`.
 * Reference: Fleiss, Levin & Paik (2003) §4.2.
 * @throws RangeError as twoProportionPower, or power outside (0, 1).
 * @example twoProportionSampleSize(0.89, 0.79, 0.8, 0.05) // about 199
 */
export function twoProportionSampleSize(p1: number, p2: number, power = 0.8, alpha = 0.05): number {
  checkRate(p1, 'p1', 'twoProportionSampleSize');
  checkRate(p2, 'p2', 'twoProportionSampleSize');
  if (p1 * (1 - p1) + p2 * (1 - p2) === 0) throw new RangeError(`twoProportionSampleSize: p1 and p2 cannot both be 0 or 1, got ${p1} and ${p2}`);
  checkP(power, 'power', 'twoProportionSampleSize');
  checkP(alpha, 'alpha', 'twoProportionSampleSize');
  if (p1 === p2) throw new RangeError(`twoProportionSampleSize: p1 and p2 must differ, both are ${p1}`);
  const qa = normalQuantile(1 - alpha / 2);
  const qb = normalQuantile(power);
  const root = (qa * Math.sqrt((p1 + p2) * (1 - (p1 + p2) / 2)) + qb * Math.sqrt(p1 * (1 - p1) + p2 * (1 - p2))) / Math.abs(p1 - p2);
  return root * root;
}

/**
 * Design effect of m repeated passes per volunteer with intra-volunteer correlation rho: 1 + (m - 1) rho. Correlated
 * passes carry less information than independent searches: divide the search count by it to get the effective size.
 * Reference: Kish, Survey Sampling (1965) §5.4; Donner & Klar, Design and Analysis of Cluster Randomization Trials (2000).
 * @throws RangeError when m < 1 or rho is outside [0, 1].
 * @example designEffect(10, 0.1) // 1.9
 */
export function designEffect(m: number, rho: number): number {
  if (!(m >= 1)) throw new RangeError(`designEffect: passes per volunteer must be >= 1, got ${m}`);
  if (!(rho >= 0 && rho <= 1)) throw new RangeError(`designEffect: intra-volunteer correlation must be in [0, 1], got ${rho}`);
  return 1 + (m - 1) * rho;
}

/** A campaign plan for detecting a TPIR difference between two groups. */
export interface TpirPlan {
  /** Searches per group if searches were independent (power.prop.test's n, rounded up). */
  independentSearches: number;
  designEffect: number;
  /** Searches (passes) per group allowing for repeated passes. */
  searchesPerGroup: number;
  volunteersPerGroup: number;
  passesPerVolunteer: number;
}

/**
 * Volunteers and passes per group needed to detect a TPIR difference delta (baseline tpir vs tpir - delta) with the
 * given power at level alpha (two-sided), when each volunteer passes m times with intra-volunteer correlation rho:
 * searches = ceil(n_independent * (1 + (m - 1) rho)), volunteers = ceil(searches / m).
 * Reference: Fleiss, Levin & Paik (2003) §4.2; Donner & Klar (2000) ch. 5 (inflation by the design effect).
 * @throws RangeError for rates outside (0, 1), tpir - delta <= 0, or bad power, alpha, m, rho.
 * @example planTpirComparison({ tpir: 0.89, delta: 0.1, power: 0.8, alpha: 0.05, passes: 10, icc: 0.1 })
 */
export function planTpirComparison(o: { tpir: number; delta: number; power: number; alpha: number; passes: number; icc: number }): TpirPlan {
  if (!(o.delta > 0 && o.tpir - o.delta > 0)) throw new RangeError(`planTpirComparison: delta must be in (0, tpir), got ${o.delta} with tpir ${o.tpir}`);
  if (!Number.isInteger(o.passes) || o.passes < 1) throw new RangeError(`planTpirComparison: passes must be a whole number >= 1, got ${o.passes}`);
  const independent = Math.ceil(twoProportionSampleSize(o.tpir, o.tpir - o.delta, o.power, o.alpha) - 1e-9);
  const deff = designEffect(o.passes, o.icc);
  const searches = Math.ceil(independent * deff - 1e-9);
  const volunteers = Math.ceil(searches / o.passes);
  return { independentSearches: independent, designEffect: deff, searchesPerGroup: volunteers * o.passes, volunteersPerGroup: volunteers, passesPerVolunteer: o.passes };
}

/**
 * Smallest crowd (number of non-mated searches) for which an exact one-sided upper confidence bound on FPIR falls
 * below `target`:
 * - with `trueRate` null: when at most `alerts` false alerts are seen (0: n >= log(1 - level) / log(1 - target),
 *   about 3 / target at 95%). The bound for a fixed number of alerts falls as n grows, so this n is exact and every
 *   larger crowd qualifies too.
 * - with `trueRate` < target: the smallest n from which the probability that the bound falls below target, when the
 *   number of alerts K is Binomial(n, trueRate), stays at or above `power` for every larger crowd. That probability
 *   is P(K <= kmax(n)), kmax(n) being the most alerts whose bound is still <= target; it is a sawtooth in n: kmax
 *   steps up by one at N(k), the crowd size for k alerts (above), and between steps the probability falls as n
 *   grows. Tooth k spans N(k) .. N(k+1) - 1 and its lowest point is its last, P(Bin(N(k+1) - 1, trueRate) <= k).
 *   The answer is N(k* + 1), k* being the last tooth whose lowest point is below `power` (N(0) when none is:
 *   below N(0) even zero alerts leave the bound above target).
 *   Teeth are scanned upward, exactly, until a tooth's lowest point is at least `power` and, beyond it, is
 *   guaranteed to stay so: Chernoff's bound P(K > k) <= exp(-n D(k/n || trueRate)) (D the binomial relative
 *   entropy) at the tooth's end gives at least `power`, and its exponent grows from tooth to tooth, since the crowd
 *   grows and the share of alerts k/n at a tooth's end rises towards the target, away from trueRate. (Scanning
 *   continues at least 50 teeth past the last failure as well.) An earlier version returned the first crowd with
 *   enough power, which a few larger crowds then lacked.
 * Reference: Clopper & Pearson (1934); Hanley & Lippman-Hand, JAMA 249 (1983) (rule of 3); Chernoff, Ann. Math.
 * Statist. 23 (1952) 493-507; Chernick & Liu, Am. Stat. 56 (2002) 149-155 (the sawtooth power of exact binomial
 * methods); ISO/IEC 19795-1:2021 §7 (sizing by the rule of 3 and rule of 30).
 * @throws RangeError for target, level, trueRate or power outside (0, 1), trueRate >= target, or negative alerts.
 * @example crowdSizeForFpir({ target: 1 / 6000 }) // 17,973
 */
export function crowdSizeForFpir(o: { target: number; level?: number; alerts?: number; trueRate?: number | null; power?: number }): number {
  const level = o.level ?? 0.95;
  checkP(o.target, 'target', 'crowdSizeForFpir');
  checkP(level, 'level', 'crowdSizeForFpir');
  const alerts = o.alerts ?? 0;
  if (!Number.isInteger(alerts) || alerts < 0) throw new RangeError(`crowdSizeForFpir: alerts must be a whole number >= 0, got ${alerts}`);
  const trueRate = o.trueRate ?? null;
  const crowdFor = (k: number, from = k + 1): number => {
    if (k === 0) return Math.ceil(Math.log(1 - level) / Math.log1p(-o.target) - 1e-9);
    return smallestN((n) => binomialUpperBound(k, n, level) <= o.target, from);
  };
  if (trueRate === null) return crowdFor(alerts);
  checkP(trueRate, 'trueRate', 'crowdSizeForFpir');
  const power = o.power ?? 0.8;
  checkP(power, 'power', 'crowdSizeForFpir');
  if (!(trueRate < o.target)) throw new RangeError(`crowdSizeForFpir: trueRate must be below target ${o.target}, got ${trueRate}`);
  let lastFailed = -1;
  let next = crowdFor(0);
  for (let k = 0; ; k++) {
    if (next > 1e12) throw new RangeError('crowdSizeForFpir: no crowd size up to 1e12 is enough');
    next = crowdFor(k + 1, next);
    const end = next - 1;
    // P(Bin(end, p) <= k) = 1 - I_p(k + 1, end - k)
    const lowest = end <= k ? 1 : incompleteBetaUpper(trueRate, k + 1, end - k);
    if (lowest < power) {
      lastFailed = k;
      continue;
    }
    if (k - lastFailed >= 50 && 1 - Math.exp(-end * binomialRelativeEntropy(k / end, trueRate)) >= power) break;
  }
  return crowdFor(lastFailed + 1);
}

/** D(q || p) = q log(q/p) + (1 - q) log((1 - q)/(1 - p)), the exponent of Chernoff's binomial tail bound; 0 for q <= p. */
function binomialRelativeEntropy(q: number, p: number): number {
  if (q <= p) return 0;
  return (q > 0 ? q * Math.log(q / p) : 0) + (1 - q) * (Math.log1p(-q) - Math.log1p(-p));
}

/**
 * Smallest n >= from with ok(n), by doubling then bisection. `ok` must be monotone (false, then true for every larger
 * n): here the exact bound at a fixed number of alerts, which falls as the crowd grows.
 */
function smallestN(ok: (n: number) => boolean, from: number): number {
  let hi = Math.max(1, from);
  while (!ok(hi)) {
    hi *= 2;
    if (hi > 1e12) throw new RangeError('crowdSizeForFpir: no crowd size up to 1e12 is enough');
  }
  let lo = Math.floor(hi / 2);
  if (lo < from) lo = from - 1;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (ok(mid)) hi = mid;
    else lo = mid;
  }
  return hi;
}

/**
 * The smallest TPIR difference (baseline tpir vs tpir - delta) that `volunteers` per group, each passing m times with
 * intra-volunteer correlation rho, detect with the given power at level alpha (two-sided): the effective searches per
 * group are volunteers * m / (1 + (m - 1) rho); delta is found by bisection on twoProportionPower.
 * When even the largest difference (tpir against 0) has less than `power`, nothing is detectable: the answer is
 * null (say so to the user; an earlier version returned NaN without a word).
 * Reference: as planTpirComparison. Answers "was the sample big enough?" for a finished design.
 * @throws RangeError for bad rates, counts, power, alpha, m or rho.
 * @example detectableTpirDifference({ tpir: 0.89, volunteers: 80, passes: 10, icc: 0.1, power: 0.8, alpha: 0.05 }) // 0.091
 * @example detectableTpirDifference({ tpir: 0.1, volunteers: 1, passes: 1, icc: 0, power: 0.99, alpha: 0.001 }) // null
 */
export function detectableTpirDifference(o: { tpir: number; volunteers: number; passes: number; icc: number; power: number; alpha: number }): number | null {
  checkP(o.tpir, 'tpir', 'detectableTpirDifference');
  checkP(o.power, 'power', 'detectableTpirDifference');
  if (!Number.isInteger(o.volunteers) || o.volunteers < 1) throw new StatsArgumentError('detectableTpirDifference', 'volunteers', 'a whole number >= 1', o.volunteers);
  const n = (o.volunteers * o.passes) / designEffect(o.passes, o.icc);
  let lo = 0;
  let hi = o.tpir;
  if (twoProportionPower(o.tpir, 0, n, o.alpha) < o.power) return null;
  for (let i = 0; i < 100; i++) {
    const mid = (lo + hi) / 2;
    if (twoProportionPower(o.tpir, o.tpir - mid, n, o.alpha) >= o.power) hi = mid;
    else lo = mid;
  }
  return hi;
}

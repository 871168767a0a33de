/** Sample size and power for comparing detection rates between groups, and crowd sizes for bounding FPIR. */
import { normalCdf, normalQuantile } from './normal.ts';
import { binomialUpperBound } from './upper-bound.ts';
import { incompleteBeta } from './beta.ts';

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
 *   about 3 / target at 95%);
 * - with `trueRate` < target: so that the bound falls below target with probability >= `power` when the true FPIR is
 *   trueRate (the number of alerts being Binomial(n, trueRate)). The smallest n is searched on a grid fine enough
 *   (0.1%) that discreteness of the binomial matters little; the result is then confirmed.
 * Reference: Clopper & Pearson (1934); Hanley & Lippman-Hand, JAMA 249 (1983) (rule of 3); ISO/IEC 19795-1:2021 §7
 * (sizing by the rule of 3 and rule of 30).
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
  if (trueRate === null) {
    if (alerts === 0) return Math.ceil(Math.log(1 - level) / Math.log1p(-o.target) - 1e-9);
    const ok = (n: number): boolean => binomialUpperBound(alerts, n, level) <= o.target;
    return smallestN(ok, alerts + 1);
  }
  checkP(trueRate, 'trueRate', 'crowdSizeForFpir');
  const power = o.power ?? 0.8;
  checkP(power, 'power', 'crowdSizeForFpir');
  if (!(trueRate < o.target)) throw new RangeError(`crowdSizeForFpir: trueRate must be below target ${o.target}, got ${trueRate}`);
  // probability that the bound falls below target: P(K <= kmax(n)), kmax = most alerts that still give a bound <= target
  const prob = (n: number): number => {
    let lo = -1;
    let hi = n;
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (binomialUpperBound(mid, n, level) <= o.target) lo = mid;
      else hi = mid;
    }
    if (lo < 0) return 0;
    if (lo >= n) return 1;
    return 1 - incompleteBeta(trueRate, lo + 1, n - lo);
  };
  return smallestN((n) => prob(n) >= power, 1);
}

/** Smallest n >= from with ok(n), by doubling then bisection (assumes ok is, up to small discreteness, monotone). */
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
 * Reference: as planTpirComparison. Answers "was the sample big enough?" for a finished design.
 * @throws RangeError for bad rates, counts, power, alpha, m or rho.
 * @example detectableTpirDifference({ tpir: 0.89, volunteers: 80, passes: 10, icc: 0.1, power: 0.8, alpha: 0.05 })
 */
export function detectableTpirDifference(o: { tpir: number; volunteers: number; passes: number; icc: number; power: number; alpha: number }): number {
  checkP(o.tpir, 'tpir', 'detectableTpirDifference');
  checkP(o.power, 'power', 'detectableTpirDifference');
  if (!Number.isInteger(o.volunteers) || o.volunteers < 1) throw new RangeError(`detectableTpirDifference: volunteers must be a whole number >= 1, got ${o.volunteers}`);
  const n = (o.volunteers * o.passes) / designEffect(o.passes, o.icc);
  let lo = 0;
  let hi = o.tpir;
  if (twoProportionPower(o.tpir, 0, n, o.alpha) < o.power) return Number.NaN;
  for (let i = 0; i < 100; i++) {
    const mid = (lo + hi) / 2;
    if (twoProportionPower(o.tpir, o.tpir - mid, n, o.alpha) >= o.power) hi = mid;
    else lo = mid;
  }
  return hi;
}

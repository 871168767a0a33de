/** The chi-square distribution (through the regularised incomplete gamma function) and Pearson's chi-square test. */
import { logGamma } from './beta.ts';
import { checkTable, type ContingencyTable } from './contingency-table.ts';

/**
 * Regularised upper incomplete gamma Q(a, x) = Γ(a, x) / Γ(a), about 1e-14 relative.
 * Method: the series for x < a + 1 and the continued fraction (modified Lentz) beyond, Numerical Recipes §6.2.
 * Reference: Press et al., Numerical Recipes, 3rd ed. (2007) §6.2.
 * @throws RangeError when a <= 0 or x < 0.
 * @example gammaUpperRegularized(1, 2) // exp(-2) = 0.1353...
 */
export function gammaUpperRegularized(a: number, x: number): number {
  if (!(a > 0)) throw new RangeError(`gammaUpperRegularized: a must be > 0, got ${a}`);
  if (!(x >= 0)) throw new RangeError(`gammaUpperRegularized: x must be >= 0, got ${x}`);
  if (x === 0) return 1;
  if (x === Infinity) return 0;
  const logFront = a * Math.log(x) - x - logGamma(a);
  if (x < a + 1) {
    // P(a, x) by its series; Q = 1 - P
    let ap = a;
    let del = 1 / a;
    let sum = del;
    for (let n = 0; n < 100_000; n++) {
      ap += 1;
      del *= x / ap;
      sum += del;
      if (Math.abs(del) < Math.abs(sum) * 1e-17) break;
    }
    return 1 - sum * Math.exp(logFront);
  }
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 100_000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-16) break;
  }
  return Math.exp(logFront) * h;
}

/**
 * Upper tail P(X >= x) of the chi-square distribution with `df` degrees of freedom: Q(df/2, x/2).
 * Agrees with R's `pchisq(x, df, lower.tail = FALSE)`. Reference: Numerical Recipes §6.2.
 * @throws RangeError when df <= 0 or x < 0.
 * @example chiSquareUpperTail(3.841458820694124, 1) // 0.05
 */
export function chiSquareUpperTail(x: number, df: number): number {
  if (!(df > 0)) throw new RangeError(`chiSquareUpperTail: df must be > 0, got ${df}`);
  if (!(x >= 0)) throw new RangeError(`chiSquareUpperTail: x must be >= 0, got ${x}`);
  return gammaUpperRegularized(df / 2, x / 2);
}

/**
 * CDF P(X <= x) of the chi-square distribution (1 - upper tail, or the series P(df/2, x/2) directly where the lower
 * tail is the smaller side). Agrees with R's `pchisq(x, df)`. Reference: Numerical Recipes §6.2.
 * @throws RangeError when df <= 0 or x < 0.
 */
export function chiSquareCdf(x: number, df: number): number {
  const q = chiSquareUpperTail(x, df);
  if (q > 0.5) {
    // the lower tail is small here: compute it by the series without the 1 - ... cancellation
    const a = df / 2;
    const hx = x / 2;
    if (hx === 0) return 0;
    let ap = a;
    let del = 1 / a;
    let sum = del;
    for (let n = 0; n < 100_000; n++) {
      ap += 1;
      del *= hx / ap;
      sum += del;
      if (Math.abs(del) < Math.abs(sum) * 1e-17) break;
    }
    return sum * Math.exp(a * Math.log(hx) - hx - logGamma(a));
  }
  return 1 - q;
}

/** Pearson's chi-square test of homogeneity (or independence) of an r x c table. */
export interface ChiSquareTest {
  method: 'chi-square';
  statistic: number;
  df: number;
  pValue: number;
  /** Smallest expected count under homogeneity. */
  minExpected: number;
  /** A warning when expected counts are small (any < 5, Cochran's rule), else null. */
  note: string | null;
}

/**
 * Pearson's chi-square test of homogeneity for an r x c table of counts (rows = groups, columns = outcomes, or the
 * transpose: the test is symmetric). `yates` applies Yates' continuity correction to 2 x 2 tables, as R does by
 * default. Agrees with R's `chisq.test(table, correct = yates)`. Warns (in `note`) when an expected count is below
 * 5, where the chi-square approximation is poor and Fisher's exact test should be preferred.
 * Reference: Pearson, Phil. Mag. 50 (1900) 157-175; Cochran, Biometrics 10 (1954) 417-451; Agresti,
 * Categorical Data Analysis, 3rd ed. (2013) §3.2.
 * @throws RangeError for negative or fractional counts, fewer than two rows or columns, or an empty row or column.
 * @example chiSquareTest([[12, 5], [7, 15]]).pValue // 0.0163
 */
export function chiSquareTest(table: ContingencyTable, yates = false): ChiSquareTest {
  const { rowSums, colSums, total } = checkTable(table, 'chiSquareTest');
  const r = rowSums.length;
  const c = colSums.length;
  let minExpected = Infinity;
  let small = 0;
  const correction = yates && r === 2 && c === 2;
  const expected = (i: number, j: number): number => ((rowSums[i] as number) * (colSums[j] as number)) / total;
  let yatesAmount = 0;
  if (correction) {
    let m = Infinity;
    for (let i = 0; i < 2; i++) for (let j = 0; j < 2; j++) m = Math.min(m, Math.abs((table[i]?.[j] as number) - expected(i, j)));
    yatesAmount = Math.min(0.5, m);
  }
  let statistic = 0;
  for (let i = 0; i < r; i++) {
    for (let j = 0; j < c; j++) {
      const e = expected(i, j);
      if (e < minExpected) minExpected = e;
      if (e < 5) small++;
      const d = Math.abs((table[i]?.[j] as number) - e) - yatesAmount;
      statistic += (d * d) / e;
    }
  }
  const df = (r - 1) * (c - 1);
  const note = small === 0 ? null
    : `${small} of ${r * c} expected counts are below 5 (smallest ${minExpected.toPrecision(3)}): the chi-square approximation may be poor; prefer Fisher's exact test`;
  return { method: 'chi-square', statistic, df, pValue: chiSquareUpperTail(statistic, df), minExpected, note };
}

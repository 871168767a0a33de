/**
 * Differential indices of rates across demographic groups at one threshold: max/min ratio, log10 ratio to a
 * reference group, GARBE, the fairness discrepancy rate and the inequity ratio. Undefined cases say why.
 */

/** A value, or null with the reason it is undefined. */
export interface Differential {
  value: number | null;
  note: string | null;
}

function checkRates(rates: readonly number[], fn: string, min = 2): void {
  if (rates.length < min) throw new RangeError(`${fn}: need at least ${min} groups, got ${rates.length}`);
  rates.forEach((r, i) => {
    if (!(r >= 0 && r <= 1)) throw new RangeError(`${fn}: rate of group ${i} must be in [0, 1], got ${r}`);
  });
}

/**
 * max(rate) / min(rate) across groups (1 = parity). Undefined when the smallest rate is 0.
 * Reference: ISO/IEC 19795-10:2024 (ratios of error rates between demographic groups); Grother et al., NISTIR 8280 (2019).
 * @throws RangeError with fewer than two groups or a rate outside [0, 1].
 * @example maxMinRatio([0.01, 0.02]) // { value: 2, note: null }
 */
export function maxMinRatio(rates: readonly number[]): Differential {
  checkRates(rates, 'maxMinRatio');
  const max = Math.max(...rates);
  const min = Math.min(...rates);
  if (min === 0) return { value: null, note: max === 0 ? 'every group has a rate of 0: the ratio is 0/0' : 'a group has a rate of 0: the ratio is infinite' };
  return { value: max / min, note: null };
}

/**
 * log10(rate / reference rate) for one group, as NIST plots demographic differentials (0 = parity, 1 = ten times).
 * Undefined when either rate is 0. Reference: Grother, Ngan & Hanaoka, NISTIR 8280 (2019) §3.
 * @throws RangeError for a rate outside [0, 1].
 * @example log10Ratio(0.002, 0.001) // { value: 0.301..., note: null }
 */
export function log10Ratio(rate: number, reference: number): Differential {
  checkRates([rate, reference], 'log10Ratio');
  if (rate === 0 || reference === 0) {
    return { value: null, note: rate === 0 && reference === 0 ? 'both rates are 0' : rate === 0 ? 'the group has a rate of 0 (log of 0)' : 'the reference group has a rate of 0 (division by 0)' };
  }
  return { value: Math.log10(rate / reference), note: null };
}

/**
 * The Gini coefficient of rates across n groups as GARBE uses it: G(x) = n/(n-1) * sum_i sum_j |x_i - x_j| / (2 n^2 mean(x)).
 * 0 = all equal; larger = more unequal. Undefined when every rate is 0.
 * Reference: Howard, Laird, Sirotin, Rubin, Tipton & Vemury, "Evaluating proposed fairness models for face
 * recognition algorithms", arXiv:2203.05051 (2022).
 * @throws RangeError with fewer than two groups or a rate outside [0, 1].
 */
export function giniOfRates(rates: readonly number[]): Differential {
  checkRates(rates, 'giniOfRates');
  const n = rates.length;
  const mean = rates.reduce((s, x) => s + x, 0) / n;
  if (mean === 0) return { value: null, note: 'every group has a rate of 0: the Gini coefficient is 0/0' };
  let sum = 0;
  for (const a of rates) for (const b of rates) sum += Math.abs(a - b);
  return { value: (n / (n - 1)) * (sum / (2 * n * n * mean)), note: null };
}

/**
 * GARBE (Gini Aggregation Rate for Biometric Equitability) = a G(FPR) + (1 - a) G(FNR); 0 = equal. Pass `fnr` null
 * (and a = 1) or `fpr` null (and a = 0) for one metric alone. Reference: Howard et al. (2022), as giniOfRates.
 * @throws RangeError with fewer than two groups, a rate outside [0, 1], a outside [0, 1], or a weight on a missing metric.
 * @example garbe([0.01, 0.03], null, 1).value // 0.5
 */
export function garbe(fpr: readonly number[] | null, fnr: readonly number[] | null, a: number): Differential {
  return combine(fpr, fnr, a, 'garbe', giniOfRates);
}

/**
 * Fairness discrepancy rate FDR = 1 - [a max|FPR_i - FPR_j| + (1 - a) max|FNR_i - FNR_j|]; 1 = fair. Always defined.
 * Reference: de Freitas Pereira & Marcel, "Fairness in biometrics: a figure of merit to assess biometric
 * verification systems", IEEE T-BIOM 4 (2022) 19-29.
 * @throws RangeError as garbe.
 * @example fairnessDiscrepancyRate([0.01, 0.03], null, 1).value // 0.98
 */
export function fairnessDiscrepancyRate(fpr: readonly number[] | null, fnr: readonly number[] | null, a: number): Differential {
  const spread = (rates: readonly number[]): Differential => {
    checkRates(rates, 'fairnessDiscrepancyRate');
    return { value: Math.max(...rates) - Math.min(...rates), note: null };
  };
  const d = combine(fpr, fnr, a, 'fairnessDiscrepancyRate', spread);
  return d.value === null ? d : { value: 1 - d.value, note: null };
}

/**
 * Inequity ratio (max FPR / min FPR)^a * (max FNR / min FNR)^(1 - a); 1 = equal. Undefined when a weighted metric
 * has a zero rate. Reference: Howard et al. (2022).
 * @throws RangeError as garbe.
 */
export function inequityRatio(fpr: readonly number[] | null, fnr: readonly number[] | null, a: number): Differential {
  if (!(a >= 0 && a <= 1)) throw new RangeError(`inequityRatio: a must be in [0, 1], got ${a}`);
  let value = 1;
  for (const [rates, weight, name] of [[fpr, a, 'FPR'], [fnr, 1 - a, 'FNR']] as const) {
    if (weight === 0) continue;
    if (rates === null) throw new RangeError(`inequityRatio: weight ${weight} on ${name} but no ${name} rates given`);
    const r = maxMinRatio(rates);
    if (r.value === null) return { value: null, note: `${name}: ${r.note ?? ''}` };
    value *= Math.pow(r.value, weight);
  }
  return { value, note: null };
}

function combine(
  fpr: readonly number[] | null, fnr: readonly number[] | null, a: number, fn: string, f: (r: readonly number[]) => Differential,
): Differential {
  if (!(a >= 0 && a <= 1)) throw new RangeError(`${fn}: a must be in [0, 1], got ${a}`);
  let value = 0;
  for (const [rates, weight, name] of [[fpr, a, 'FPR'], [fnr, 1 - a, 'FNR']] as const) {
    if (weight === 0) continue;
    if (rates === null) throw new RangeError(`${fn}: weight ${weight} on ${name} but no ${name} rates given`);
    const d = f(rates);
    if (d.value === null) return { value: null, note: `${name}: ${d.note ?? ''}` };
    value += weight * d.value;
  }
  return { value, note: null };
}

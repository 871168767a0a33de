/**
 * The Cochran-Mantel-Haenszel test: is an outcome associated with a two-level group once a stratifying variable
 * (the site) is held fixed? Works on K 2 x 2 tables, one per stratum, and gives the Mantel-Haenszel common odds
 * ratio with the Robins-Breslow-Greenland interval.
 */
import { chiSquareUpperTail } from './chi-square.ts';
import { normalQuantile } from './normal.ts';

/**
 * One stratum's 2 x 2 table: group 1 had `a` events and `b` non-events, group 2 had `c` events and `d` non-events.
 * Counts may be fractional (effective counts after a design-effect adjustment).
 */
export interface Stratum2x2 {
  a: number;
  b: number;
  c: number;
  d: number;
}

/** The CMH test and the Mantel-Haenszel common odds ratio (group 1 against group 2). */
export interface MantelHaenszelTest {
  statistic: number;
  df: 1;
  pValue: number;
  /** Σ a d / n over Σ b c / n; NaN when both sums are 0, Infinity when only the second is. */
  oddsRatio: number;
  /** Robins-Breslow-Greenland interval of the common odds ratio at `level` (NaN when it is undefined). */
  lower: number;
  upper: number;
  /** Strata that carry information (more than one observation). */
  strata: number;
}

/** Options of {@link cochranMantelHaenszel}. */
export interface MantelHaenszelOptions {
  /** Continuity correction (|Σ(a - E a)| - 1/2)², as R's default; off for effective counts. Default true. */
  correct?: boolean;
  /** Confidence level of the odds-ratio interval (default 0.95). */
  level?: number;
}

/**
 * CMH chi-square on 1 df: (|Σ_k (a_k - E a_k)| - c)² / Σ_k Var a_k, with E a_k = r1 c1 / n and
 * Var a_k = r1 r2 c1 c2 / (n² (n - 1)) under no association within any stratum, c = 1/2 when `correct` (and
 * |Σ(a - E a)| >= 1/2), else 0. Strata with n <= 1 carry no information and are left out. The common odds ratio is
 * Mantel & Haenszel's Σ a d / n / Σ b c / n; its interval exp(log OR ± z·se) uses the variance of Robins, Breslow &
 * Greenland (1986), as R's `mantelhaen.test`.
 * References: Mantel & Haenszel, J. Natl Cancer Inst. 22 (1959) 719-748; Cochran, Biometrics 10 (1954) 417-451;
 * Robins, Breslow & Greenland, Biometrics 42 (1986) 311-323; Agresti, Categorical Data Analysis, 3rd ed. (2013) §6.4.
 * @throws RangeError for a negative or non-finite count, or a level outside (0, 1).
 * @example cochranMantelHaenszel([{ a: 12, b: 38, c: 20, d: 30 }, { a: 15, b: 35, c: 24, d: 26 }]).pValue // 0.0183
 */
export function cochranMantelHaenszel(strata: readonly Stratum2x2[], options: MantelHaenszelOptions = {}): MantelHaenszelTest {
  const correct = options.correct ?? true;
  const level = options.level ?? 0.95;
  if (!(level > 0 && level < 1)) throw new RangeError(`cochranMantelHaenszel: level must be in (0, 1), got ${level}`);
  let delta = 0;
  let variance = 0;
  let used = 0;
  for (const [k, s] of strata.entries()) {
    checkStratum(s, k, 'cochranMantelHaenszel');
    const n = s.a + s.b + s.c + s.d;
    if (n <= 1) continue;
    used++;
    const r1 = s.a + s.b;
    const r2 = s.c + s.d;
    const c1 = s.a + s.c;
    const c2 = s.b + s.d;
    delta += s.a - (r1 * c1) / n;
    variance += (r1 * r2 * c1 * c2) / (n * n * (n - 1));
  }
  const yates = correct && Math.abs(delta) >= 0.5 ? 0.5 : 0;
  const statistic = variance > 0 ? (Math.abs(delta) - yates) ** 2 / variance : NaN;
  const or = mantelHaenszelOddsRatio(strata, level);
  return { statistic, df: 1, pValue: Number.isNaN(statistic) ? NaN : chiSquareUpperTail(statistic, 1), ...or, strata: used };
}

/**
 * The Mantel-Haenszel common odds ratio Σ a d / n / Σ b c / n over strata with n > 1, and its Robins-Breslow-Greenland
 * interval at `level`. Reference: Robins, Breslow & Greenland, Biometrics 42 (1986) 311-323, eq. 9.
 * @example mantelHaenszelOddsRatio([{ a: 12, b: 38, c: 20, d: 30 }, { a: 15, b: 35, c: 24, d: 26 }], 0.95).oddsRatio // 0.46875
 */
export function mantelHaenszelOddsRatio(strata: readonly Stratum2x2[], level = 0.95): { oddsRatio: number; lower: number; upper: number } {
  let sR = 0;
  let sS = 0;
  let sPR = 0;
  let sPSQR = 0;
  let sQS = 0;
  for (const s of strata) {
    const n = s.a + s.b + s.c + s.d;
    if (n <= 1) continue;
    const r = (s.a * s.d) / n;
    const q = (s.b * s.c) / n;
    const pAD = (s.a + s.d) / n;
    const pBC = (s.b + s.c) / n;
    sR += r;
    sS += q;
    sPR += pAD * r;
    sPSQR += pAD * q + pBC * r;
    sQS += pBC * q;
  }
  const oddsRatio = sR === 0 && sS === 0 ? NaN : sR / sS;
  if (!(sR > 0 && sS > 0)) return { oddsRatio, lower: NaN, upper: NaN };
  const se = Math.sqrt(sPR / (2 * sR * sR) + sPSQR / (2 * sR * sS) + sQS / (2 * sS * sS));
  const z = normalQuantile((1 + level) / 2);
  return { oddsRatio, lower: oddsRatio * Math.exp(-z * se), upper: oddsRatio * Math.exp(z * se) };
}

/** @throws RangeError unless every count of stratum `k` is finite and >= 0. */
export function checkStratum(s: Stratum2x2, k: number, who: string): void {
  for (const key of ['a', 'b', 'c', 'd'] as const) {
    const v = s[key];
    if (!(Number.isFinite(v) && v >= 0)) throw new RangeError(`${who}: stratum ${k} has ${key} = ${v}; counts must be finite and >= 0`);
  }
}

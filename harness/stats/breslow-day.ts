/**
 * The Breslow-Day test of a common odds ratio across strata: does the group difference vary by site? With Tarone's
 * correction, which makes it a proper chi-square test when the Mantel-Haenszel estimate is used.
 */
import { chiSquareUpperTail } from './chi-square.ts';
import { checkStratum, mantelHaenszelOddsRatio, type Stratum2x2 } from './mantel-haenszel.ts';

/** The Breslow-Day statistic, its Tarone-corrected form, and the strata they used. */
export interface BreslowDayTest {
  statistic: number;
  df: number;
  pValue: number;
  /** Tarone's corrected statistic (the one to read: it is asymptotically chi-square on the same df). */
  tarone: number;
  taronePValue: number;
  /** Strata with no empty margin (the others carry no information on the odds ratio). */
  strata: number;
  /** The Mantel-Haenszel common odds ratio the strata were compared with. */
  oddsRatio: number;
}

/**
 * Breslow-Day: with ψ the Mantel-Haenszel common odds ratio, each stratum's expected A_k solves
 * A (r2 - c1 + A) = ψ (r1 - A)(c1 - A) within max(0, c1 - r2) <= A <= min(r1, c1); with
 * V_k = 1 / (1/A + 1/(r1 - A) + 1/(c1 - A) + 1/(r2 - c1 + A)), X² = Σ (a_k - A_k)² / V_k on K - 1 df, and Tarone's
 * X² - (Σ a_k - Σ A_k)² / Σ V_k. Strata with an empty row or column are left out. Returns NaN statistics when fewer
 * than two strata remain or ψ is 0 or infinite (a group with no events, or only events, everywhere).
 * References: Breslow & Day, Statistical Methods in Cancer Research I (IARC, 1980) §4.4, eq. 4.30; Tarone,
 * Biometrika 72 (1985) 91-95; Agresti, Categorical Data Analysis, 3rd ed. (2013) §6.4.5.
 * @throws RangeError for a negative or non-finite count.
 * @example breslowDay([{ a: 5, b: 95, c: 15, d: 85 }, { a: 15, b: 85, c: 5, d: 95 }, { a: 10, b: 90, c: 10, d: 90 }]).pValue // 0.0039
 */
export function breslowDay(strata: readonly Stratum2x2[]): BreslowDayTest {
  strata.forEach((s, k) => checkStratum(s, k, 'breslowDay'));
  const used = strata.filter((s) => s.a + s.b > 0 && s.c + s.d > 0 && s.a + s.c > 0 && s.b + s.d > 0);
  const psi = mantelHaenszelOddsRatio(used).oddsRatio;
  const K = used.length;
  const empty = { statistic: NaN, df: Math.max(0, K - 1), pValue: NaN, tarone: NaN, taronePValue: NaN, strata: K, oddsRatio: psi };
  if (K < 2 || !(psi > 0 && Number.isFinite(psi))) return empty;
  let statistic = 0;
  let sumA = 0;
  let sumE = 0;
  let sumV = 0;
  for (const s of used) {
    const r1 = s.a + s.b;
    const r2 = s.c + s.d;
    const c1 = s.a + s.c;
    const e = expectedCell(psi, r1, r2, c1);
    const v = 1 / (1 / e + 1 / (r1 - e) + 1 / (c1 - e) + 1 / (r2 - c1 + e));
    statistic += (s.a - e) ** 2 / v;
    sumA += s.a;
    sumE += e;
    sumV += v;
  }
  const tarone = statistic - (sumA - sumE) ** 2 / sumV;
  const df = K - 1;
  return { statistic, df, pValue: chiSquareUpperTail(statistic, df), tarone, taronePValue: chiSquareUpperTail(Math.max(0, tarone), df), strata: K, oddsRatio: psi };
}

/**
 * The a-cell of a 2 x 2 table with margins r1, r2 (rows) and c1 (first column) whose odds ratio is `psi`: the root of
 * (1 - ψ) A² + (r2 - c1 + ψ (r1 + c1)) A - ψ r1 c1 = 0 inside its feasible range (the linear case when ψ = 1).
 */
function expectedCell(psi: number, r1: number, r2: number, c1: number): number {
  const lo = Math.max(0, c1 - r2);
  const hi = Math.min(r1, c1);
  const qa = 1 - psi;
  const qb = r2 - c1 + psi * (r1 + c1);
  const qc = -psi * r1 * c1;
  let root: number;
  if (Math.abs(qa) < 1e-12) {
    root = -qc / qb;
  } else {
    // the numerically stable pair of roots; keep the one inside [lo, hi]
    const disc = Math.sqrt(Math.max(0, qb * qb - 4 * qa * qc));
    const q = -0.5 * (qb + Math.sign(qb || 1) * disc);
    const x1 = q / qa;
    const x2 = qc / q;
    root = x1 >= lo - 1e-9 && x1 <= hi + 1e-9 ? x1 : x2;
  }
  return Math.min(hi, Math.max(lo, root));
}

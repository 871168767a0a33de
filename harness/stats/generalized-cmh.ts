/**
 * The generalised Cochran-Mantel-Haenszel test of general association: is an I-level group associated with a J-level
 * outcome once the stratum (the site) is held fixed? For several ethnic groups at several sites.
 */
import { chiSquareUpperTail } from './chi-square.ts';
import { invertSymmetric } from './matrix.ts';

/** The general-association statistic on (I - 1)(J - 1) df. */
export interface GeneralizedCmhTest {
  statistic: number;
  df: number;
  pValue: number;
  /** Strata that carry information (more than one observation). */
  strata: number;
}

/**
 * Q = (n - m)' V⁻¹ (n - m) summed over strata, where n holds the first (I - 1) x (J - 1) cells of each stratum's
 * table, m their expectations r_i c_j / t under no association, and
 * V = Σ_k [ (t diag(c) - c c') ⊗ (t diag(r) - r r') ] / (t² (t - 1)) with r, c the first I - 1 row and J - 1 column
 * totals and t the stratum's total; chi-square on (I - 1)(J - 1) df. Strata with t <= 1 are left out. For a 2 x 2 x K
 * table this is the CMH statistic without continuity correction. Tables are row-major I x J, counts may be fractional.
 * References: Landis, Heyman & Koch, Int. Stat. Rev. 46 (1978) 237-254; Agresti, Categorical Data Analysis, 3rd ed.
 * (2013) §6.4.4; as R's `mantelhaen.test` for tables larger than 2 x 2.
 * @throws RangeError when a table has the wrong length, a count is negative or not finite, I or J < 2.
 * @example generalizedCmh([[80, 20, 70, 30, 85, 15], [60, 40, 50, 50, 62, 38]], 3, 2).df // 2
 */
export function generalizedCmh(tables: readonly (readonly number[])[], rows: number, cols: number): GeneralizedCmhTest {
  if (!(Number.isInteger(rows) && rows >= 2 && Number.isInteger(cols) && cols >= 2)) {
    throw new RangeError(`generalizedCmh: tables need at least 2 rows and 2 columns, got ${rows} x ${cols}`);
  }
  const I1 = rows - 1;
  const J1 = cols - 1;
  const df = I1 * J1;
  const diff = new Float64Array(df);
  const V = new Float64Array(df * df);
  let used = 0;
  tables.forEach((t, k) => {
    if (t.length !== rows * cols) throw new RangeError(`generalizedCmh: stratum ${k} has ${t.length} counts, expected ${rows * cols}`);
    for (const v of t) if (!(Number.isFinite(v) && v >= 0)) throw new RangeError(`generalizedCmh: stratum ${k} has a count ${v}; counts must be finite and >= 0`);
    const total = t.reduce((s, v) => s + v, 0);
    if (total <= 1) return;
    used++;
    const r = Array.from({ length: I1 }, (_, i) => t.slice(i * cols, (i + 1) * cols).reduce((s, v) => s + v, 0));
    const c = Array.from({ length: J1 }, (_, j) => {
      let s = 0;
      for (let i = 0; i < rows; i++) s += t[i * cols + j] as number;
      return s;
    });
    // cell (i, j) sits at index j * I1 + i, as R's c(f[-I, -J]) (column-major), matching the Kronecker order
    for (let j = 0; j < J1; j++) {
      for (let i = 0; i < I1; i++) {
        const idx = j * I1 + i;
        diff[idx] = (diff[idx] as number) + (t[i * cols + j] as number) - ((r[i] as number) * (c[j] as number)) / total;
      }
    }
    const scale = total * total * (total - 1);
    for (let j = 0; j < J1; j++) {
      for (let j2 = 0; j2 < J1; j2++) {
        const cj = (j === j2 ? total * (c[j] as number) : 0) - (c[j] as number) * (c[j2] as number);
        if (cj === 0) continue;
        for (let i = 0; i < I1; i++) {
          for (let i2 = 0; i2 < I1; i2++) {
            const ri = (i === i2 ? total * (r[i] as number) : 0) - (r[i] as number) * (r[i2] as number);
            const at = (j * I1 + i) * df + (j2 * I1 + i2);
            V[at] = (V[at] as number) + (cj * ri) / scale;
          }
        }
      }
    }
  });
  if (used === 0) return { statistic: NaN, df, pValue: NaN, strata: 0 };
  let inv: Float64Array;
  try {
    inv = invertSymmetric(V, df);
  } catch {
    return { statistic: NaN, df, pValue: NaN, strata: used };
  }
  let statistic = 0;
  for (let a = 0; a < df; a++) for (let b = 0; b < df; b++) statistic += (diff[a] as number) * (inv[a * df + b] as number) * (diff[b] as number);
  return { statistic, df, pValue: chiSquareUpperTail(Math.max(0, statistic), df), strata: used };
}

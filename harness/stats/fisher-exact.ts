/** Fisher's exact test for 2 x 2 and r x c tables: full enumeration where feasible, seeded Monte Carlo beyond. */
import { checkTable, type ContingencyTable } from './contingency-table.ts';
import { logFactorial, logFactorialTable } from './log-factorial.ts';
import { hypergeometricSample } from './sample.ts';
import { checkSeed, createRng } from './rng.ts';

/** Options of fisherExact. */
export interface FisherOptions {
  /** Most tables to visit before switching to Monte Carlo (default 2,000,000). */
  maxTables?: number;
  /** Monte Carlo replicates when enumeration is infeasible (default 20,000). */
  replicates?: number;
  /** Seed of the Monte Carlo tables (default 1); replicate b uses stream b of this seed. */
  seed?: number;
}

/** The result of Fisher's exact test. */
export interface FisherTest {
  method: 'fisher-exact' | 'fisher-monte-carlo';
  pValue: number;
  /** Tables enumerated (exact) or simulated (Monte Carlo). */
  tables: number;
  /** Monte Carlo only: the seed and the standard error of the p-value; null when exact. */
  seed: number | null;
  standardError: number | null;
}

/** R's tolerance: tables whose probability is within a factor 1 + 1e-7 of the observed one count as "as extreme". */
const RELATIVE_TOLERANCE = 1 + 1e-7;

/**
 * Fisher's exact test of homogeneity (independence) for an r x c table, two-sided: the p-value is the total
 * probability, under the multivariate hypergeometric distribution with the observed margins, of the tables no more
 * probable than the one observed. Agrees with R's `fisher.test(table)$p.value` (which uses the network algorithm of
 * Mehta & Patel; this enumerates tables column by column, pruning branches whose every completion is at most as
 * probable as the observed table). When more than `maxTables` tables would be visited it estimates the same p-value
 * by Monte Carlo (tables drawn with the observed margins, `replicates` of them, from `seed`), as R's
 * `simulate.p.value = TRUE` does: p = (1 + #{as extreme}) / (B + 1).
 * Reference: Fisher, J. R. Stat. Soc. 85 (1922) 87-94; Freeman & Halton, Biometrika 38 (1951) 141-149;
 * Mehta & Patel, JASA 78 (1983) 427-434; Agresti, Categorical Data Analysis, 3rd ed. (2013) §3.5.
 * @throws RangeError for negative or fractional counts, fewer than two rows or columns, an empty row or column.
 * @example fisherExact([[3, 1], [1, 3]]).pValue // 0.4857
 */
export function fisherExact(table: ContingencyTable, options: FisherOptions = {}): FisherTest {
  const checked = checkTable(table, 'fisherExact');
  if (options.seed !== undefined) checkSeed('fisherExact', options.seed);
  // enumerate over the shorter dimension: rows of the working table = min(r, c)
  const transpose = checked.rowSums.length > checked.colSums.length;
  const rows = transpose ? checked.colSums : checked.rowSums;
  const cols = transpose ? checked.rowSums : checked.colSums;
  const cell = (i: number, j: number): number => (transpose ? table[j]?.[i] : table[i]?.[j]) as number;
  const r = rows.length;
  const c = cols.length;
  const N = checked.total;
  const lf = cachedLogFactorial(N);
  // log P(table) = sum lf(rows) + sum lf(cols) - lf(N) - sum lf(cells)
  let constant = -lf(N);
  for (const x of rows) constant += lf(x);
  for (const x of cols) constant += lf(x);
  let observed = 0;
  for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) observed -= lf(cell(i, j));
  const limit = observed + Math.log(RELATIVE_TOLERANCE); // a table counts when sum(-lf(cells)) <= limit
  const maxTables = options.maxTables ?? 2_000_000;
  const exact = r === 2 ? enumerateTwoRows(rows, cols, lf, observed, limit, maxTables) : enumerateColumns(rows, cols, lf, observed, limit, maxTables);
  if (exact !== null) {
    return { method: 'fisher-exact', pValue: Math.min(1, exact.sum * Math.exp(constant + observed)), tables: exact.visited, seed: null, standardError: null };
  }
  const B = options.replicates ?? 20_000;
  const seed = options.seed ?? 1;
  if (!Number.isInteger(B) || B < 1) throw new RangeError(`fisherExact: replicates must be a whole number >= 1, got ${B}`);
  let asExtreme = 0;
  const rowLeft = new Array<number>(r);
  for (let b = 0; b < B; b++) {
    const rng = createRng(seed, b);
    for (let i = 0; i < r; i++) rowLeft[i] = rows[i] as number;
    let left = N;
    let stat = 0;
    for (let j = 0; j < c; j++) {
      // draw column j's cells row by row: multivariate hypergeometric as a chain of hypergeometrics
      let need = cols[j] as number;
      let pool = left;
      for (let i = 0; i < r; i++) {
        const ri = rowLeft[i] as number;
        const x = i === r - 1 ? need : hypergeometricSample(rng, ri, pool - ri, need);
        pool -= ri;
        need -= x;
        rowLeft[i] = ri - x;
        stat -= lf(x);
      }
      left -= cols[j] as number;
    }
    if (stat <= limit) asExtreme++;
  }
  const p = (1 + asExtreme) / (B + 1);
  return { method: 'fisher-monte-carlo', pValue: p, tables: B, seed, standardError: Math.sqrt((p * (1 - p)) / B) };
}

/**
 * 2 x c: one free cell per column (the smaller row). As in the network algorithm, the longest and shortest paths
 * (most and least probable completions) from every node (column j, row total left s) are found first by dynamic
 * programming; a node whose every completion qualifies is added in closed form (Vandermonde's identity), a node
 * none of whose completions qualifies is dropped, and only nodes in between are expanded.
 * Returns the sum of exp(-sum lf(cells) - observed) over qualifying tables, or null when more than maxTables nodes are needed.
 */
function enumerateTwoRows(rows: number[], cols: number[], lf: (n: number) => number, observed: number, limit: number, maxTables: number): { sum: number; visited: number } | null {
  const c = cols.length;
  const top = Math.min(rows[0] as number, rows[1] as number);
  const colsLeft = new Array<number>(c + 1).fill(0);
  const lfColsLeft = new Float64Array(c + 1);
  for (let j = c - 1; j >= 0; j--) {
    colsLeft[j] = (colsLeft[j + 1] as number) + (cols[j] as number);
    lfColsLeft[j] = (lfColsLeft[j + 1] as number) + lf(cols[j] as number);
  }
  if (c * (top + 1) > 50_000_000) return null;
  // longest[j][s], shortest[j][s]: max and min of -sum(lf(x) + lf(m - x)) over completions of columns j.. with top total s
  const S = top + 1;
  const longest = new Float64Array((c + 1) * S).fill(-Infinity);
  const shortest = new Float64Array((c + 1) * S).fill(Infinity);
  longest[c * S] = 0;
  shortest[c * S] = 0;
  let work = 0;
  for (let j = c - 1; j >= 0; j--) {
    const m = cols[j] as number;
    const after = colsLeft[j + 1] as number;
    for (let s = 0; s <= Math.min(top, colsLeft[j] as number); s++) {
      let hiV = -Infinity;
      let loV = Infinity;
      const lo = Math.max(0, s - after);
      const hi = Math.min(m, s);
      for (let x = lo; x <= hi; x++) {
        const f = -lf(x) - lf(m - x);
        const l = longest[(j + 1) * S + s - x] as number;
        const sh = shortest[(j + 1) * S + s - x] as number;
        if (f + l > hiV) hiV = f + l;
        if (f + sh < loV) loV = f + sh;
      }
      work += hi - lo + 1;
      longest[j * S + s] = hiV;
      shortest[j * S + s] = loV;
    }
    if (work > 20 * maxTables) return null;
  }
  let visited = 0;
  let sum = 0;
  let aborted = false;
  const go = (j: number, s: number, acc: number): void => {
    if (aborted) return;
    if (++visited > maxTables) { aborted = true; return; }
    if (acc + (shortest[j * S + s] as number) > limit) return; // no completion is as extreme as the observed table
    const M = colsLeft[j] as number;
    if (acc + (longest[j * S + s] as number) <= limit) {
      // every completion qualifies: sum of prod 1/(x! (m-x)!) = C(M, s) / prod m! (Vandermonde)
      sum += Math.exp(acc - observed + lf(M) - lf(s) - lf(M - s) - (lfColsLeft[j] as number));
      return;
    }
    const m = cols[j] as number;
    const lo = Math.max(0, s - (M - m));
    const hi = Math.min(m, s);
    for (let x = lo; x <= hi; x++) go(j + 1, s - x, acc - lf(x) - lf(m - x));
  };
  go(0, top, 0);
  return aborted ? null : { sum, visited };
}

/** r x c: enumerate each column's split across rows, the last column being determined by the row totals left. */
function enumerateColumns(rows: number[], cols: number[], lf: (n: number) => number, observed: number, limit: number, maxTables: number): { sum: number; visited: number } | null {
  const r = rows.length;
  const c = cols.length;
  const left = rows.slice();
  let visited = 0;
  let sum = 0;
  let aborted = false;
  const column = (j: number, acc: number): void => {
    if (aborted) return;
    if (j === c - 1) {
      visited++;
      let v = acc;
      for (let i = 0; i < r; i++) v -= lf(left[i] as number);
      if (v <= limit) sum += Math.exp(v - observed);
      return;
    }
    if (++visited > maxTables) { aborted = true; return; }
    const split = (i: number, need: number, a: number, rowsAfter: number): void => {
      if (aborted) return;
      const li = left[i] as number;
      if (i === r - 1) {
        if (need > li) return;
        left[i] = li - need;
        column(j + 1, a - lf(need));
        left[i] = li;
        return;
      }
      const restRows = rowsAfter - li;
      // rows after i must absorb need - x of this column and still fit the later columns
      const lo = Math.max(0, need - restRows);
      const hi = Math.min(li, need);
      for (let x = lo; x <= hi; x++) {
        left[i] = li - x;
        split(i + 1, need - x, a - lf(x), restRows);
        left[i] = li;
      }
    };
    let rowsTotal = 0;
    for (let i = 0; i < r; i++) rowsTotal += left[i] as number;
    split(0, cols[j] as number, acc, rowsTotal);
  };
  column(0, 0);
  return aborted ? null : { sum, visited };
}

/** log k! for k <= n: a table for small k (the common cells), Stirling's series beyond (margins of big crowds). */
function cachedLogFactorial(n: number): (k: number) => number {
  const small = logFactorialTable(Math.min(n, 4096));
  return (k) => (k <= 4096 ? (small[k] as number) : logFactorial(k));
}

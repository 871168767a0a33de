/**
 * Logistic regression of a binary outcome (a missed match, a false alert) on categorical factors, with
 * cluster-robust (sandwich) standard errors by volunteer, odds ratios, intervals and Wald tests.
 */
import { invertSymmetric } from './matrix.ts';
import { normalQuantile, normalUpperTail } from './normal.ts';
import { chiSquareUpperTail } from './chi-square.ts';

/** A categorical factor: its name, its levels (the first is the reference) and each row's level index. */
export interface Factor {
  name: string;
  levels: readonly string[];
  /** Level index per row (0 = reference); rows with -1 must be removed before building a design. */
  codes: ArrayLike<number>;
}

/** A design matrix with named columns, row-major. */
export interface Design {
  terms: string[];
  /** rows x terms, row-major. */
  x: Float64Array;
  rows: number;
}

/**
 * Treatment-coded design (R's default contrasts) for an intercept, the main effects of each factor and, when
 * `interaction` is true, the products of the first two factors' indicator columns. Term names follow R:
 * `sexmale`, `ethblack`, `sexmale:ethblack` (with `separator` between factor name and level: '' as R, or '=').
 * Reference: Chambers & Hastie, Statistical Models in S (1992) §2.3 (treatment contrasts).
 * @throws RangeError when a code is outside the factor's levels or factors differ in length.
 * @example factorDesign([{ name: 'sex', levels: ['female', 'male'], codes: [0, 1] }], false).terms // ['(Intercept)', 'sexmale']
 */
export function factorDesign(factors: readonly Factor[], interaction: boolean, separator = ''): Design {
  const rows = factors[0]?.codes.length ?? 0;
  const columns: { name: string; value: (i: number) => number }[] = [{ name: '(Intercept)', value: () => 1 }];
  const indicator = (f: Factor, l: number) => (i: number): number => (f.codes[i] === l ? 1 : 0);
  for (const f of factors) {
    if (f.codes.length !== rows) throw new RangeError(`factorDesign: factor ${f.name} has ${f.codes.length} rows, expected ${rows}`);
    for (let i = 0; i < rows; i++) {
      const c = f.codes[i] as number;
      if (!(Number.isInteger(c) && c >= 0 && c < f.levels.length)) throw new RangeError(`factorDesign: row ${i} of ${f.name} has level ${c}, outside 0..${f.levels.length - 1}`);
    }
    for (let l = 1; l < f.levels.length; l++) columns.push({ name: `${f.name}${separator}${f.levels[l]}`, value: indicator(f, l) });
  }
  if (interaction && factors.length >= 2) {
    const [f1, f2] = factors as [Factor, Factor];
    for (let l2 = 1; l2 < f2.levels.length; l2++) {
      for (let l1 = 1; l1 < f1.levels.length; l1++) {
        const a = indicator(f1, l1);
        const b = indicator(f2, l2);
        columns.push({ name: `${f1.name}${separator}${f1.levels[l1]}:${f2.name}${separator}${f2.levels[l2]}`, value: (i) => a(i) * b(i) });
      }
    }
  }
  const p = columns.length;
  const x = new Float64Array(rows * p);
  for (let i = 0; i < rows; i++) columns.forEach((col, j) => (x[i * p + j] = col.value(i)));
  return { terms: columns.map((c) => c.name), x, rows };
}

/** One coefficient of a fitted model. */
export interface Coefficient {
  term: string;
  estimate: number;
  se: number;
  z: number;
  pValue: number;
  oddsRatio: number;
  /** Odds-ratio interval at the fit's level. */
  lower: number;
  upper: number;
}

/** A fitted logistic regression with cluster-robust covariance. */
export interface LogisticFit {
  coefficients: Coefficient[];
  /** Cluster-robust covariance of the estimable coefficients, row-major, in `coefficients` order. */
  vcov: Float64Array;
  /** Terms dropped because their column is empty or a combination of others (empty cells). */
  dropped: string[];
  n: number;
  clusters: number;
  iterations: number;
  converged: boolean;
  /**
   * Terms whose estimates diverge (|estimate| > 10 on the log-odds scale: separation); their estimates and errors are
   * not meaningful and Wald tests on them are invalid.
   */
  separated: string[];
  /** Plain notes: empty cells, separation, non-convergence. */
  notes: string[];
}

/** Options of logisticRegression. */
export interface LogisticOptions {
  level?: number;
  /** Most IRLS iterations (default 25, as R's glm). */
  maxIterations?: number;
}

/**
 * Maximum-likelihood logistic regression of successes out of trials per row on a design, by iteratively reweighted
 * least squares, with the cluster-robust sandwich covariance
 * V = G/(G-1) (X'WX)^-1 [sum_g u_g u_g'] (X'WX)^-1, u_g = sum over rows of cluster g of x_i (y_i - m_i p_i),
 * which equals R's `sandwich::vcovCL(glm(..., family = binomial), cluster = ~id)` (type HC0 with the G/(G-1)
 * adjustment). Aliased terms (an empty cell of an interaction) are dropped and named, as R reports NA; separation
 * (a cell whose outcomes are all 0 or all 1, fitted probability numerically 0 or 1) is reported in `notes`.
 * Rows may be aggregated (trials > 1) when all rows of a cluster share a covariate pattern: estimates and the
 * cluster-robust covariance are the same as for one row per search.
 * Reference: McCullagh & Nelder, Generalized Linear Models, 2nd ed. (1989) §2.5, §4; Liang & Zeger, Biometrika 73
 * (1986) 13-22; Zeileis, Köll & Graham, J. Stat. Softw. 95(1) (2020) (sandwich::vcovCL); Albert & Anderson,
 * Biometrika 71 (1984) 1-10 (separation).
 * @throws RangeError for mismatched lengths, negative or fractional counts, successes > trials, fewer than two
 * clusters, or a level outside (0, 1).
 */
export function logisticRegression(
  design: Design, trials: ArrayLike<number>, successes: ArrayLike<number>, cluster: ArrayLike<number>, options: LogisticOptions = {},
): LogisticFit {
  const level = options.level ?? 0.95;
  if (!(level > 0 && level < 1)) throw new RangeError(`logisticRegression: confidence level must be in (0, 1), got ${level}`);
  const n = design.rows;
  const pAll = design.terms.length;
  for (const [name, arr] of [['trials', trials], ['successes', successes], ['cluster', cluster]] as const) {
    if (arr.length !== n) throw new RangeError(`logisticRegression: ${name} has ${arr.length} values, expected ${n} rows`);
  }
  const clusterIndex = new Map<number, number>();
  let total = 0;
  for (let i = 0; i < n; i++) {
    const m = trials[i] as number;
    const y = successes[i] as number;
    if (!(Number.isInteger(m) && m >= 0)) throw new RangeError(`logisticRegression: trials of row ${i} must be a whole number >= 0, got ${m}`);
    if (!(Number.isInteger(y) && y >= 0 && y <= m)) throw new RangeError(`logisticRegression: successes of row ${i} must be in 0..${m}, got ${y}`);
    total += m;
    const c = cluster[i] as number;
    if (!clusterIndex.has(c)) clusterIndex.set(c, clusterIndex.size);
  }
  const G = clusterIndex.size;
  if (G < 2) throw new RangeError(`logisticRegression: cluster-robust errors need at least two clusters, got ${G}`);

  // Aliasing: Gram-Schmidt over the columns (rows with trials, weighted by trials), in order, as R's pivoting QR.
  const { keep, dropped } = estimableColumns(design, trials);
  const p = keep.length;
  const X = new Float64Array(n * p);
  for (let i = 0; i < n; i++) keep.forEach((j, k) => (X[i * p + k] = design.x[i * pAll + j] as number));
  const rows: Rows = { X, p, n, trials, successes, ...nonZeroColumns(X, n, p) };

  // IRLS, started as R's glm does (mustart = (y + 0.5) / (m + 1)), run to full convergence
  const eta = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const m = trials[i] as number;
    const mu = ((successes[i] as number) + 0.5) / (m + 1);
    eta[i] = Math.log(mu / (1 - mu));
  }
  const maxIterations = options.maxIterations ?? 25;
  let beta = new Float64Array(p);
  let devOld = Infinity;
  let converged = false;
  let stoppedForSeparation = false;
  let iterations = 0;
  for (let it = 1; it <= maxIterations; it++) {
    iterations = it;
    const xtwx = new Float64Array(p * p);
    const xtwz = new Float64Array(p);
    addWorkingNormalEquations(rows, eta, xtwx, xtwz);
    let inv: Float64Array;
    try {
      inv = invertSymmetric(xtwx, p);
    } catch {
      break; // separation drove the weights to 0: keep the last estimate (reported below)
    }
    const next = new Float64Array(p);
    for (let a = 0; a < p; a++) {
      let s = 0;
      for (let b = 0; b < p; b++) s += (inv[a * p + b] as number) * (xtwz[b] as number);
      next[a] = s;
    }
    beta = next;
    const dev = predictAndDeviance(rows, beta, eta);
    if (Math.abs(dev - devOld) / (Math.abs(dev) + 0.1) < 1e-14) {
      converged = true;
      break;
    }
    devOld = dev;
    // separation: some linear predictor runs off to infinity; further iterations only make the numbers worse
    if (countFar(rows, eta) > 0) {
      stoppedForSeparation = true;
      break;
    }
  }
  // bread at the final estimate
  const xtwx = new Float64Array(p * p);
  const score = new Float64Array(G * p);
  const notes: string[] = [];
  const extreme = addScoresAndInformation(rows, eta, (i) => clusterIndex.get(cluster[i] as number) as number, score, xtwx);
  let bread: Float64Array;
  try {
    bread = invertSymmetric(xtwx, p);
  } catch {
    bread = new Float64Array(p * p).fill(NaN);
    notes.push('The information matrix is singular at the estimate (complete separation): standard errors cannot be computed.');
  }
  const meat = clusterMeat(score, G, p);
  const adj = G / (G - 1);
  const vcov = new Float64Array(p * p);
  for (let a = 0; a < p; a++) {
    for (let b = 0; b < p; b++) {
      let s = 0;
      for (let k = 0; k < p; k++) {
        let t = 0;
        for (let l = 0; l < p; l++) t += (meat[k * p + l] as number) * (bread[l * p + b] as number);
        s += (bread[a * p + k] as number) * t;
      }
      vcov[a * p + b] = adj * s;
    }
  }
  if (dropped.length > 0) notes.push(`Not estimable, dropped (an empty cell: no searches with that combination): ${dropped.join(', ')}.`);
  const diverged = keep.filter((_, k) => Math.abs(beta[k] as number) > 10).map((j) => design.terms[j] as string);
  if (extreme > 0 || diverged.length > 0) {
    notes.push(`Separation: ${extreme} row(s) have fitted probability numerically 0 or 1 (a group with no, or only, outcomes)${diverged.length > 0 ? `; the estimates of ${diverged.join(', ')} tend to infinity and are not meaningful` : ''}.`);
  }
  if (stoppedForSeparation) notes.push(`IRLS stopped after ${iterations} iterations: the linear predictor of some rows passed ±30 (separation).`);
  else if (!converged) notes.push(`IRLS did not converge in ${maxIterations} iterations.`);
  const zq = normalQuantile((1 + level) / 2);
  const coefficients = keep.map((j, k): Coefficient => {
    const est = beta[k] as number;
    const se = Math.sqrt(vcov[k * p + k] as number);
    const z = est / se;
    const finite = Number.isFinite(se) && se > 0;
    return {
      term: design.terms[j] as string,
      estimate: est,
      se: finite ? se : 0,
      z: finite ? z : 0,
      pValue: finite ? 2 * normalUpperTail(Math.abs(z)) : 1,
      oddsRatio: Math.exp(est),
      lower: finite ? Math.exp(est - zq * se) : 0,
      upper: finite ? Math.exp(est + zq * se) : Number.MAX_VALUE,
    };
  });
  return { coefficients, vcov, dropped, n: total, clusters: G, iterations, converged, separated: diverged, notes };
}

/**
 * The model's rows for the loops below (each a function of its own, with one hot loop, so that it is compiled soon: a
 * fit runs once or twice a campaign, and its loops in one large function ran uncompiled for most of it).
 * nzStart/nz: the non-zero columns of each row (a factor design has an intercept and one indicator per factor and
 * interaction): X'WX sums only their products. A skipped product is w x_a 0 = +0 for a finite weight, which leaves a
 * sum unchanged, so X'WX is the same to the bit; a row whose weight is not finite takes every product.
 */
interface Rows {
  X: Float64Array;
  p: number;
  n: number;
  trials: ArrayLike<number>;
  successes: ArrayLike<number>;
  nzStart: Int32Array;
  nz: Int32Array;
}

/** Gram-Schmidt over the design's columns (weighted by √trials), in order: the columns kept and the aliased terms. */
function estimableColumns(design: Design, trials: ArrayLike<number>): { keep: number[]; dropped: string[] } {
  const n = design.rows;
  const pAll = design.terms.length;
  const keep: number[] = [];
  const dropped: string[] = [];
  const basis: Float64Array[] = [];
  for (let j = 0; j < pAll; j++) {
    const v = new Float64Array(n);
    const norm0 = weightedColumn(design.x, pAll, j, trials, v);
    for (const b of basis) subtractProjection(v, b);
    const norm = sumOfSquares(v);
    if (norm0 === 0 || norm <= 1e-14 * norm0) {
      dropped.push(design.terms[j] as string);
      continue;
    }
    scaleBy(v, Math.sqrt(norm));
    basis.push(v);
    keep.push(j);
  }
  return { keep, dropped };
}

/** v = column j of x times √trials; returns its sum of squares. */
function weightedColumn(x: Float64Array, pAll: number, j: number, trials: ArrayLike<number>, v: Float64Array): number {
  let norm0 = 0;
  for (let i = 0; i < v.length; i++) {
    v[i] = (x[i * pAll + j] as number) * Math.sqrt(trials[i] as number);
    norm0 += (v[i] as number) ** 2;
  }
  return norm0;
}

/** v -= (v . b) b. */
function subtractProjection(v: Float64Array, b: Float64Array): void {
  let dot = 0;
  for (let i = 0; i < v.length; i++) dot += (v[i] as number) * (b[i] as number);
  for (let i = 0; i < v.length; i++) v[i] = (v[i] as number) - dot * (b[i] as number);
}

function sumOfSquares(v: Float64Array): number {
  let norm = 0;
  for (let i = 0; i < v.length; i++) norm += (v[i] as number) ** 2;
  return norm;
}

function scaleBy(v: Float64Array, s: number): void {
  for (let i = 0; i < v.length; i++) v[i] = (v[i] as number) / s;
}

/** The non-zero columns of each row of X (see Rows). */
function nonZeroColumns(X: Float64Array, n: number, p: number): { nzStart: Int32Array; nz: Int32Array } {
  const nzStart = new Int32Array(n + 1);
  const nzCol: number[] = [];
  for (let i = 0; i < n; i++) {
    nzStart[i] = nzCol.length;
    for (let a = 0; a < p; a++) if (X[i * p + a] !== 0) nzCol.push(a);
  }
  nzStart[n] = nzCol.length;
  return { nzStart, nz: Int32Array.from(nzCol) };
}

/** xtwx[a][.] += wxa x_i[.] over row i's non-zero columns (every column when wxa is not finite). */
function addProducts(r: Rows, xtwx: Float64Array, i: number, a: number, wxa: number): void {
  const { X, p, nzStart, nz } = r;
  if (Number.isFinite(wxa)) {
    for (let k = nzStart[i] as number; k < (nzStart[i + 1] as number); k++) {
      const b = nz[k] as number;
      xtwx[a * p + b] = (xtwx[a * p + b] as number) + wxa * (X[i * p + b] as number);
    }
  } else {
    for (let b = 0; b < p; b++) xtwx[a * p + b] = (xtwx[a * p + b] as number) + wxa * (X[i * p + b] as number);
  }
}

/** One IRLS step's X'WX and X'Wz at the linear predictor eta. */
function addWorkingNormalEquations(r: Rows, eta: Float64Array, xtwx: Float64Array, xtwz: Float64Array): void {
  const { X, p, n, trials, successes } = r;
  for (let i = 0; i < n; i++) {
    const m = trials[i] as number;
    if (m === 0) continue;
    const pi = clampProbability(1 / (1 + Math.exp(-(eta[i] as number))));
    const w = m * pi * (1 - pi);
    const z = (eta[i] as number) + ((successes[i] as number) - m * pi) / w;
    for (let a = 0; a < p; a++) {
      const xa = X[i * p + a] as number;
      if (xa === 0) continue;
      xtwz[a] = (xtwz[a] as number) + w * xa * z;
      addProducts(r, xtwx, i, a, w * xa);
    }
  }
}

/** eta = X beta; returns the binomial deviance (-2 log-likelihood up to a constant), computed stably. */
function predictAndDeviance(r: Rows, beta: Float64Array, eta: Float64Array): number {
  const { X, p, n, trials, successes } = r;
  let dev = 0;
  for (let i = 0; i < n; i++) {
    let e = 0;
    for (let a = 0; a < p; a++) e += (X[i * p + a] as number) * (beta[a] as number);
    eta[i] = e;
    const m = trials[i] as number;
    if (m === 0) continue;
    const y = successes[i] as number;
    const logP = -Math.log1p(Math.exp(-e));
    const log1mP = -Math.log1p(Math.exp(e));
    dev -= 2 * (y * (Number.isFinite(logP) ? logP : e) + (m - y) * (Number.isFinite(log1mP) ? log1mP : -e));
  }
  return dev;
}

/** Rows with trials whose linear predictor is beyond ±30. */
function countFar(r: Rows, eta: Float64Array): number {
  let far = 0;
  for (let i = 0; i < r.n; i++) if ((r.trials[i] as number) > 0 && Math.abs(eta[i] as number) > 30) far++;
  return far;
}

/**
 * At the final estimate: each cluster's score u_g = sum x_i (y_i - m_i p_i) into `score` (clusterOf(i) = g) and the
 * information X'WX into `xtwx`; returns how many rows have a fitted probability numerically 0 or 1.
 */
function addScoresAndInformation(r: Rows, eta: Float64Array, clusterOf: (i: number) => number, score: Float64Array, xtwx: Float64Array): number {
  const { X, p, n, trials, successes } = r;
  let extreme = 0;
  for (let i = 0; i < n; i++) {
    const m = trials[i] as number;
    if (m === 0) continue;
    const pi = clampProbability(1 / (1 + Math.exp(-(eta[i] as number))));
    if (pi < 1e-8 || pi > 1 - 1e-8) extreme++;
    const w = m * pi * (1 - pi);
    const res = (successes[i] as number) - m * pi;
    const g = clusterOf(i);
    for (let a = 0; a < p; a++) {
      const xa = X[i * p + a] as number;
      if (xa === 0) continue;
      score[g * p + a] = (score[g * p + a] as number) + xa * res;
      addProducts(r, xtwx, i, a, w * xa);
    }
  }
  return extreme;
}

/** The sandwich's meat: sum over clusters of u_g u_g'. */
function clusterMeat(score: Float64Array, G: number, p: number): Float64Array {
  const meat = new Float64Array(p * p);
  for (let g = 0; g < G; g++) {
    for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) meat[a * p + b] = (meat[a * p + b] as number) + (score[g * p + a] as number) * (score[g * p + b] as number);
  }
  return meat;
}

/** Fitted probabilities kept within [eps, 1 - eps], as R's binomial family does, so IRLS weights stay positive. */
function clampProbability(p: number): number {
  return Math.min(1 - Number.EPSILON, Math.max(Number.EPSILON, p));
}

/** A Wald test that a set of coefficients are all zero. */
export interface WaldTest {
  terms: string[];
  statistic: number;
  df: number;
  pValue: number;
}

/**
 * Wald chi-square test of H0: the coefficients of `terms` (those present in the fit) are all 0, with the fit's
 * cluster-robust covariance: W = b' V^-1 b on df = number of terms. Reference: Wald, Trans. AMS 54 (1943) 426-482;
 * Agresti, Categorical Data Analysis, 3rd ed. (2013) §1.3.3.
 * @throws RangeError when none of `terms` is in the fit, or their covariance is singular.
 */
export function waldTest(fit: LogisticFit, terms: readonly string[]): WaldTest {
  const idx = terms.map((t) => fit.coefficients.findIndex((c) => c.term === t)).filter((i) => i >= 0);
  if (idx.length === 0) throw new RangeError(`waldTest: none of the terms ${terms.join(', ')} is in the fit`);
  const p = fit.coefficients.length;
  const q = idx.length;
  const sub = new Float64Array(q * q);
  idx.forEach((a, i) => idx.forEach((b, j) => (sub[i * q + j] = fit.vcov[a * p + b] as number)));
  const inv = invertSymmetric(sub, q);
  let w = 0;
  idx.forEach((a, i) => idx.forEach((b, j) => (w += (fit.coefficients[a]?.estimate as number) * (inv[i * q + j] as number) * (fit.coefficients[b]?.estimate as number))));
  return { terms: idx.map((i) => fit.coefficients[i]?.term as string), statistic: w, df: q, pValue: chiSquareUpperTail(Math.max(0, w), q) };
}

/**
 * The cluster (subject-level) bootstrap for rates: whole volunteers (or deployments) are resampled, never single
 * searches, because repeated passes of one person are correlated.
 */
import { normalCdf, normalQuantile } from './normal.ts';
import { betaQuantile } from './beta.ts';
import { quantilePairInPlace } from './quantile.ts';
import type { Interval } from './interval.ts';
import { checkSeed } from './rng.ts';
import { native } from '../native/index.ts';

/** Rates by group built from per-cluster counts: rate(g, t) = sum of successes / sum of trials over g's clusters. */
export interface ClusterCounts {
  /** Trials (searches) per cluster, length C. */
  trials: ArrayLike<number>;
  /** Successes per cluster and column (e.g. threshold), cluster-major: successes[c * columns + t]. */
  successes: ArrayLike<number>;
  /** Columns per cluster (thresholds), T >= 1. */
  columns: number;
  /** For each group, the clusters that belong to it (a cluster may be in several groups: overall, sex, ...). */
  groups: readonly (readonly number[])[];
}

/** Bootstrap replicates of every group's rate at every column. */
export interface ClusterBootstrap {
  seed: number;
  replicates: number;
  groups: number;
  columns: number;
  /** Observed rate per group and column (index g * T + t); NaN when the group has no trials. */
  estimate: Float64Array;
  /** Replicate rates, index (g * T + t) * B + b; NaN when a replicate drew no cluster of the group. */
  values: Float64Array;
}

/**
 * The weights of bootstrap replicate `replicate` of seed `seed` over `clusters` clusters: how many times each cluster
 * is drawn when `clusters` draws are made uniformly with replacement (a multinomial reweighting). Replicate b uses
 * stream b of the seed, so any replicate can be rerun alone, identically on any machine (integer arithmetic only).
 * Method: sfc32 seeded by splitmix32 (harness/stats/rng.ts), one uniform index per draw. Reference: Efron &
 * Tibshirani (1993) §6.2 (the nonparametric bootstrap as multinomial reweighting); fairlearn's per-replicate seeds.
 * @example replicateWeights(7, 0, 400) // Int32Array summing to 400
 */
export function replicateWeights(seed: number, replicate: number, clusters: number, out = new Int32Array(clusters)): Int32Array {
  if (!Number.isInteger(clusters) || clusters < 1) throw new RangeError(`replicateWeights: clusters must be a whole number >= 1, got ${clusters}`);
  out.fill(0);
  // createRng(seed, replicate) inlined (same numbers; checked by a test): this loop is the bootstrap's hot path
  let s = (Math.imul(seed >>> 0, 0x9e3779b1) ^ Math.imul((replicate >>> 0) + 0x6a09e667, 0x85ebca6b)) >>> 0;
  const st = new Uint32Array(3);
  for (let i = 0; i < 3; i++) {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
    z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
    st[i] = (z ^ (z >>> 15)) >>> 0;
  }
  let a = st[0] as number;
  let b = st[1] as number;
  let c = st[2] as number;
  let d = 1;
  for (let i = -12; i < clusters; i++) {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = ((c << 21) | (c >>> 11)) >>> 0;
    c = (c + t) >>> 0;
    if (i >= 0) {
      const k = Math.floor((t / 4294967296) * clusters);
      out[k] = (out[k] as number) + 1;
    }
  }
  return out;
}

/**
 * Cluster bootstrap of rates by group: each of `replicates` replicates redraws the C clusters with replacement
 * (weights from `replicateWeights(seed, b, C)`) and recomputes every group's rate at every column. Clusters are
 * resampled jointly across groups (one draw serves all groups), as in a campaign where volunteers, not groups, are
 * sampled. Work is done once per distinct combination of group memberships, so 18 groups cost little more than 1.
 * Reference: Davison & Hinkley, Bootstrap Methods and their Application (1997) §2.4 and §3.8 (cluster resampling);
 * Field & Welsh, JASA 102 (2007) 1075-1086. The replicates are computed by the native addon where it was built
 * (`engine` 'fastest'; harness/native/bootstrap-rates.c, on up to four threads), else by TypeScript: the same bits.
 * @throws RangeError when counts are inconsistent (lengths, negative, successes > trials) or replicates < 1;
 * StatsArgumentError when the seed is not a whole number in 0..2^32 - 1 (NaN would silently act as 0).
 * @example clusterBootstrap({ trials: [10, 10], successes: [9, 7], columns: 1, groups: [[0, 1]] }, 2000, 1)
 */
export function clusterBootstrap(counts: ClusterCounts, replicates: number, seed: number, engine: BootstrapEngine = 'fastest'): ClusterBootstrap {
  const { trials, successes, columns: T, groups } = counts;
  const C = trials.length;
  checkCounts(counts);
  if (!Number.isInteger(replicates) || replicates < 1) throw new RangeError(`clusterBootstrap: replicates must be a whole number >= 1, got ${replicates}`);
  checkSeed('clusterBootstrap', seed);
  const G = groups.length;
  const B = replicates;
  // leaves: clusters with the same set of groups
  const memberOf: number[][] = Array.from({ length: C }, () => []);
  groups.forEach((members, g) => {
    for (const c of members) {
      if (!(Number.isInteger(c) && c >= 0 && c < C)) throw new RangeError(`clusterBootstrap: group ${g} names cluster ${c}, outside 0..${C - 1}`);
      (memberOf[c] as number[]).push(g);
    }
  });
  const leafOfKey = new Map<string, number>();
  const leaf = new Int32Array(C);
  const leafGroups: number[][] = [];
  for (let c = 0; c < C; c++) {
    const key = (memberOf[c] as number[]).join(',');
    let l = leafOfKey.get(key);
    if (l === undefined) {
      l = leafGroups.length;
      leafOfKey.set(key, l);
      leafGroups.push(memberOf[c] as number[]);
    }
    leaf[c] = l;
  }
  const L = leafGroups.length;
  const groupLeaves: number[][] = Array.from({ length: G }, () => []);
  leafGroups.forEach((gs, l) => gs.forEach((g) => (groupLeaves[g] as number[]).push(l)));
  // Each cluster's successes as sparse steps along the columns: s[c][t] = sum over t' >= t of step[c][t'].
  // Rates swept over thresholds change at few columns (a volunteer with 10 passes has at most 10 steps), so a
  // replicate adds a handful of steps per cluster and then one running sum per leaf, not C x T products.
  // Each leaf's sums lie in a row of T + 1: its successes at the T columns, then its trials; a cluster's steps are
  // stored with their place in that row (its trials as one more step at column T), so a replicate adds
  // weight x value at stored places and nothing else. The sums are of whole numbers, exact in any order.
  const stride = T + 1;
  const stepStart = new Int32Array(C + 1);
  const stepAt: number[] = [];
  const stepVal: number[] = [];
  for (let c = 0; c < C; c++) {
    stepStart[c] = stepAt.length;
    const base = (leaf[c] as number) * stride;
    stepAt.push(base + T);
    stepVal.push(trials[c] as number);
    for (let t = T - 1; t >= 0; t--) {
      const v = (successes[c * T + t] as number) - (t + 1 < T ? (successes[c * T + t + 1] as number) : 0);
      if (v !== 0) {
        stepAt.push(base + t);
        stepVal.push(v);
      }
    }
  }
  stepStart[C] = stepAt.length;
  const work: RateWork = {
    C, T, G, stepStart, stepAt: Int32Array.from(stepAt), stepVal: Int32Array.from(stepVal), sums: new Float64Array(L * stride),
    groupStart: new Int32Array(G + 1), groupLeaf: new Int32Array(groupLeaves.reduce((x, ls) => x + ls.length, 0)),
  };
  let k = 0;
  groupLeaves.forEach((ls, g) => {
    work.groupStart[g] = k;
    for (const l of ls) work.groupLeaf[k++] = l;
  });
  work.groupStart[G] = k;
  const estimate = new Float64Array(G * T);
  accumulateRates(work, new Int32Array(C).fill(1), estimate);
  const values = new Float64Array(G * T * B);
  const addon = engine === 'fastest' ? native : null;
  if (addon !== null) {
    // the same replicates, computed in C (harness/native/bootstrap-rates.c): bit-identical, on up to four threads
    addon.bootstrapRates({ seed, replicates: B, clusters: C, columns: T, leaves: L, stepStart, stepAt: work.stepAt, stepVal: work.stepVal, groupStart: work.groupStart, groupLeaf: work.groupLeaf }, values);
    return { seed, replicates: B, groups: G, columns: T, estimate, values };
  }
  const w = new Int32Array(C);
  // replicates are computed in blocks and written out block by block, so the writes into `values` stay local
  const BLOCK = 64;
  const block = new Float64Array(BLOCK * G * T);
  for (let b0 = 0; b0 < B; b0 += BLOCK) {
    const nb = Math.min(BLOCK, B - b0);
    for (let j = 0; j < nb; j++) {
      replicateWeights(seed, b0 + j, C, w);
      accumulateRates(work, w, block.subarray(j * G * T, (j + 1) * G * T));
    }
    for (let i = 0; i < G * T; i++) {
      const base = i * B + b0;
      for (let j = 0; j < nb; j++) values[base + j] = block[j * G * T + i] as number;
    }
  }
  return { seed, replicates: B, groups: G, columns: T, estimate, values };
}

/**
 * Which code computes the replicates: 'fastest' is the native addon's loop when it was built (and EVENHAND_NATIVE is
 * not 'off'), else the TypeScript one; 'typescript' always the TypeScript one. Both give the same bits.
 */
export type BootstrapEngine = 'fastest' | 'typescript';

interface RateWork {
  C: number; T: number; G: number;
  stepStart: Int32Array; stepAt: Int32Array; stepVal: Int32Array;
  /** Per leaf, T + 1 sums: successes at each column (steps, then running sums), trials. */
  sums: Float64Array;
  groupStart: Int32Array; groupLeaf: Int32Array;
}

/** Rates of every group and column under cluster weights: sums per leaf, then per group. */
function accumulateRates(wk: RateWork, weights: Int32Array, out: Float64Array): void {
  const { C, T, G, stepStart, stepAt, stepVal, sums, groupStart, groupLeaf } = wk;
  const stride = T + 1;
  sums.fill(0);
  let i = 0;
  for (let c = 0; c < C; c++) {
    const to = stepStart[c + 1] as number;
    const wc = weights[c] as number;
    if (wc === 0) {
      i = to;
      continue;
    }
    for (; i < to; i++) {
      const at = stepAt[i] as number;
      sums[at] = (sums[at] as number) + wc * (stepVal[i] as number);
    }
  }
  // running sums from the last column down turn steps into successes
  const L = sums.length / stride;
  for (let l = 0; l < L; l++) {
    const base = l * stride;
    for (let t = T - 2; t >= 0; t--) sums[base + t] = (sums[base + t] as number) + (sums[base + t + 1] as number);
  }
  for (let g = 0; g < G; g++) {
    const from = groupStart[g] as number;
    const to = groupStart[g + 1] as number;
    let N = 0;
    for (let i = from; i < to; i++) N += sums[(groupLeaf[i] as number) * stride + T] as number;
    const o = g * T;
    if (N === 0) {
      for (let t = 0; t < T; t++) out[o + t] = NaN;
      continue;
    }
    for (let t = 0; t < T; t++) {
      let H = 0;
      for (let i = from; i < to; i++) H += sums[(groupLeaf[i] as number) * stride + t] as number;
      out[o + t] = H / N;
    }
  }
}

/**
 * Percentile interval of group g at column t: the (1 - level)/2 and (1 + level)/2 quantiles (R's type 7) of the
 * replicates in which the group was drawn. Reference: Efron & Tibshirani, An Introduction to the Bootstrap (1993) §13.3.
 * @throws RangeError for a level outside (0, 1) or a group never drawn.
 */
export function percentileInterval(boot: ClusterBootstrap, g: number, t: number, level = 0.95): Interval {
  checkLevel(level);
  const v = replicatesOf(boot, g, t);
  const [lower, upper] = quantilePairInPlace(v, (1 - level) / 2, (1 + level) / 2);
  return { lower, upper };
}

/**
 * BCa (bias-corrected and accelerated) interval of group g at column t. Bias correction z0 from the share of
 * replicates below the estimate (ties count half); acceleration from the jackknife leaving out one cluster at a time
 * (over all C clusters, since all are resampled). The nominal normal quantile is expanded for the group's J clusters
 * to √(J/(J-1)) t_{J-1} (Hesterberg's expanded interval): the bootstrap's spread underestimates the sampling spread by
 * (J-1)/J and a standardised mean of J clusters is closer to Student's t than to normal, which made intervals of 20-40
 * volunteers cover 91-93% instead of 95%. Returns [estimate, estimate] when every replicate equals it (a rate of 0 or 1).
 * Measured (harness/stats/bootstrap-calibration.test.ts, 400 volunteers x 10 passes, TPIR 0.89, intra-volunteer
 * correlation 0.1 and 0.3): 95% intervals cover 94.3-95.8% for groups of 100 to 400 volunteers with misses above and
 * below in balance, where percentile intervals miss on one side up to 2.5 times as often as on the other.
 * Reference: Efron, JASA 82 (1987) 171-185; Efron & Tibshirani (1993) §14.3; Davison & Hinkley (1997) §5.3.2;
 * Hesterberg, The American Statistician 69 (2015) 371-386 (the expanded percentile interval).
 * @throws RangeError for a level outside (0, 1), a group never drawn, or an observed rate that is undefined.
 */
export function bcaInterval(boot: ClusterBootstrap, counts: ClusterCounts, g: number, t: number, level = 0.95): Interval {
  checkLevel(level);
  const theta = boot.estimate[g * boot.columns + t] as number;
  if (Number.isNaN(theta)) throw new RangeError(`bcaInterval: group ${g} has no trials, its rate is undefined`);
  const v = replicatesOf(boot, g, t);
  const jack = groupJackknife(counts, g, t);
  return bcaFromReplicates(v, theta, level, { a: jackknifeAcceleration(jack.without, theta, counts.trials.length), ...expansion([jack]) });
}

/**
 * bcaInterval of group g at every column (index t), the same intervals: the jackknife of all columns is computed
 * together, cluster by cluster, instead of once per column.
 * @throws RangeError as bcaInterval, for the first column that fails.
 * @example bcaIntervals(boot, counts, 0, 0.95)[t] // the overall rate's interval at threshold t
 */
export function bcaIntervals(boot: ClusterBootstrap, counts: ClusterCounts, g: number, level = 0.95): Interval[] {
  checkLevel(level);
  const jacks = groupJackknives(counts, keptTotals(boot, counts, g));
  return jacks.map((jack, t) => {
    const theta = boot.estimate[g * boot.columns + t] as number;
    if (Number.isNaN(theta)) throw new RangeError(`bcaInterval: group ${g} has no trials, its rate is undefined`);
    const v = replicatesOf(boot, g, t);
    return bcaFromReplicates(v, theta, level, { a: jackknifeAcceleration(jack.without, theta, counts.trials.length), ...expansion([jack]) });
  });
}

/**
 * BCa interval of the difference rate(ga) - rate(gb) at column t (e.g. TPIR of two ethnicity groups), from the same
 * replicates: each replicate's difference, the bias correction from their share below the observed difference, the
 * acceleration from the jackknife leaving out one cluster (of either group) at a time, and the expansion of
 * bcaInterval with each group's jackknife variance inflated by J/(J-1) and Welch-Satterthwaite degrees of freedom.
 * Replicates that drew no cluster of one group are left out.
 * Reference: Efron (1987); Efron & Tibshirani (1993) §14.3; Davison & Hinkley (1997) §5.3.2 and §3.8 (clusters);
 * Hesterberg (2015); Welch, Biometrika 34 (1947) 28-35.
 * @throws RangeError for a level outside (0, 1), a group never drawn or without trials.
 * @example differenceBcaInterval(boot, counts, { a: 3, b: 4, column: t }) // TPIR(asian) - TPIR(black)
 */
export function differenceBcaInterval(boot: ClusterBootstrap, counts: ClusterCounts, pair: { a: number; b: number; column: number; level?: number }): Interval {
  const { a, b, column, level = 0.95 } = pair;
  return differenceBcaIntervals(boot, counts, { pairs: [{ a, b }], column, level })[0] as Interval;
}

/**
 * `differenceBcaInterval` for several pairs of groups at one column: the sums of every group's leave-one-cluster-out
 * rates are computed once and shared by the pairs it is in (the comparisons between groups ask for every pair of
 * a level at every threshold). For two groups without a cluster in common the acceleration comes from those sums:
 * the jackknife values of the difference are theta + d (a cluster of a) or theta - d (of b), d a group's leave-one-out
 * rate minus its rate, and theta for the other clusters, so their central moments follow from the sums of d, d² and
 * d³ of each group; groups that share clusters get the jackknife over their union cluster by cluster.
 * Reference: as differenceBcaInterval.
 * @throws RangeError for a level outside (0, 1), a group never drawn or without trials.
 * @example differenceBcaIntervals(boot, counts, { pairs: [{ a: 1, b: 2 }, { a: 3, b: 4 }], column: t })
 */
export function differenceBcaIntervals(
  boot: ClusterBootstrap, counts: ClusterCounts, request: { pairs: readonly { a: number; b: number }[]; column: number; level?: number },
): Interval[] {
  const { pairs, column: t, level = 0.95 } = request;
  checkLevel(level);
  const T = boot.columns;
  const B = boot.replicates;
  const C = counts.trials.length;
  const moments = new Map<number, GroupMoments>();
  const momentsOf = (g: number): GroupMoments => {
    let r = moments.get(g);
    if (r === undefined) {
      r = groupMoments(boot, counts, g, t);
      moments.set(g, r);
    }
    return r;
  };
  // position + 1 of each cluster in group b (0 = not in it), reset after each pair; v holds one pair's replicate
  // differences at a time (the quantiles reorder it)
  const inB = new Int32Array(C);
  const v = new Float64Array(B);
  return pairs.map(({ a: ga, b: gb }) => {
    const theta = (boot.estimate[ga * T + t] as number) - (boot.estimate[gb * T + t] as number);
    if (Number.isNaN(theta)) throw new RangeError(`differenceBcaInterval: group ${Number.isNaN(boot.estimate[ga * T + t]) ? ga : gb} has no trials, its rate is undefined`);
    const a0 = (ga * T + t) * B;
    const b0 = (gb * T + t) * B;
    let n = 0;
    for (let b = 0; b < B; b++) {
      const d = (boot.values[a0 + b] as number) - (boot.values[b0 + b] as number);
      if (d === d) v[n++] = d;
    }
    if (n === 0) throw new RangeError(`differenceBcaInterval: groups ${ga} and ${gb} were never drawn together`);
    const ja = momentsOf(ga);
    const jb = momentsOf(gb);
    const ma = counts.groups[ga] as readonly number[];
    const mb = counts.groups[gb] as readonly number[];
    let a: number;
    if (!shareClusters(counts.groups, ga, gb)) {
      // e = d_a, -d_b or 0 over all C clusters; a = Σ(m - e)³ / (6 (Σ(m - e)²)^1.5), m the mean of e
      const m = (ja.s1 - jb.s1) / C;
      const s2 = ja.s2 + jb.s2 - C * m * m;
      const s3 = -(ja.s3 - jb.s3 - 3 * m * (ja.s2 + jb.s2) + 2 * C * m * m * m);
      a = s2 > 0 ? s3 / (6 * Math.pow(s2, 1.5)) : 0;
    } else {
      // the clusters of either group, a's first, each once; a cluster outside a group leaves its rate unchanged
      for (let i = 0; i < mb.length; i++) inB[mb[i] as number] = i + 1;
      const wa = groupJackknife(counts, ga, t).without;
      const wb = groupJackknife(counts, gb, t);
      const jack: number[] = [];
      ma.forEach((c, i) => {
        const j = inB[c] as number;
        jack.push((wa[i] as number) - (j > 0 ? (wb.without[j - 1] as number) : wb.rate));
        if (j > 0) inB[c] = -1;
      });
      mb.forEach((c, i) => { if ((inB[c] as number) > 0) jack.push(ja.rate - (wb.without[i] as number)); });
      a = jackknifeAcceleration(Float64Array.from(jack), theta, C);
      for (const c of mb) inB[c] = 0;
    }
    return bcaFromReplicates(v.subarray(0, n), theta, level, { a, ...expansion([ja, jb]) });
  });
}

/** Whether groups a and b have a cluster in common, remembered per list of groups (it does not change with the column). */
const sharing = new WeakMap<readonly (readonly number[])[], Map<number, boolean>>();
function shareClusters(groups: readonly (readonly number[])[], a: number, b: number): boolean {
  let known = sharing.get(groups);
  if (known === undefined) {
    known = new Map();
    sharing.set(groups, known);
  }
  const key = Math.min(a, b) * groups.length + Math.max(a, b);
  let shared = known.get(key);
  if (shared === undefined) {
    const inB = new Set(groups[b]);
    shared = (groups[a] as readonly number[]).some((c) => inB.has(c));
    known.set(key, shared);
  }
  return shared;
}

/** A group's rate at column t, its number of clusters J and the jackknife variance of the rate (Hesterberg's expansion). */
interface GroupSpread { rate: number; J: number; variance: number }

/** GroupSpread and, for each of the group's clusters in order, the rate with that cluster left out. */
interface GroupJackknife extends GroupSpread { without: Float64Array }

/** GroupSpread and the sums of d, d² and d³, d = leave-one-out rate - rate, over the group's clusters. */
interface GroupMoments extends GroupSpread { s1: number; s2: number; s3: number }

/** A group's hits and searches at column t. */
function groupTotals(counts: ClusterCounts, g: number, t: number): { members: readonly number[]; H: number; N: number } {
  const members = counts.groups[g] as readonly number[];
  const T = counts.columns;
  let H = 0;
  let N = 0;
  for (const c of members) {
    H += counts.successes[c * T + t] as number;
    N += counts.trials[c] as number;
  }
  return { members, H, N };
}

/** A group's clusters, its hits at every column (H[t]), its searches and its rates (H[t] / N). */
interface GroupTotals { members: readonly number[]; H: Float64Array; N: number; rate: Float64Array }

/** GroupTotals of group g, in one pass over its clusters. */
function allTotals(counts: ClusterCounts, g: number): GroupTotals {
  const members = counts.groups[g] as readonly number[];
  const T = counts.columns;
  const H = new Float64Array(T);
  let N = 0;
  for (const c of members) {
    N += counts.trials[c] as number;
    const row = c * T;
    for (let t = 0; t < T; t++) H[t] = (H[t] as number) + (counts.successes[row + t] as number);
  }
  return { members, H, N, rate: H.map((h) => h / N) };
}

function groupJackknife(counts: ClusterCounts, g: number, t: number): GroupJackknife {
  const { members, H, N } = groupTotals(counts, g, t);
  const T = counts.columns;
  const rate = H / N;
  const J = members.length;
  const without = new Float64Array(J);
  let sum = 0;
  for (let i = 0; i < J; i++) {
    const c = members[i] as number;
    const nc = counts.trials[c] as number;
    const x = N - nc > 0 ? (H - (counts.successes[c * T + t] as number)) / (N - nc) : rate;
    without[i] = x;
    sum += x;
  }
  // ((J - 1) / J) Σ (x - mean)²
  let variance = 0;
  if (J >= 2) {
    const mean = sum / J;
    let ss = 0;
    for (let i = 0; i < J; i++) ss += ((without[i] as number) - mean) ** 2;
    variance = ((J - 1) / J) * ss;
  }
  return { rate, J, without, variance };
}

/** groupJackknife of group g at every column (index t), summed cluster by cluster: each column's sums in the order of the group's clusters, as one column alone. */
function groupJackknives(counts: ClusterCounts, totals: GroupTotals): GroupJackknife[] {
  const T = counts.columns;
  const { members, H, N, rate } = totals;
  const J = members.length;
  // column t's leave-one-out rates at without[t * J + i]
  const without = new Float64Array(T * J);
  const sum = new Float64Array(T);
  for (let i = 0; i < J; i++) {
    const c = members[i] as number;
    const nc = counts.trials[c] as number;
    const row = c * T;
    for (let t = 0; t < T; t++) {
      const x = N - nc > 0 ? ((H[t] as number) - (counts.successes[row + t] as number)) / (N - nc) : (rate[t] as number);
      without[t * J + i] = x;
      sum[t] = (sum[t] as number) + x;
    }
  }
  return Array.from({ length: T }, (_, t) => {
    const w = without.subarray(t * J, (t + 1) * J);
    let variance = 0;
    if (J >= 2) {
      const mean = (sum[t] as number) / J;
      let ss = 0;
      for (let i = 0; i < J; i++) ss += ((w[i] as number) - mean) ** 2;
      variance = ((J - 1) / J) * ss;
    }
    return { rate: rate[t] as number, J, without: w, variance };
  });
}

/**
 * What a bootstrap's intervals compute once per group and keep with the bootstrap they serve (a bootstrap is drawn
 * from its counts once; counts changed afterwards need a new bootstrap): each group's totals at every column, and
 * every column's groupMoments of each group asked for (index t), computed together.
 */
const perBootstrap = new WeakMap<ClusterBootstrap, { counts: ClusterCounts; totals: Map<number, GroupTotals>; moments: Map<number, GroupMoments[]> }>();

function keptFor(boot: ClusterBootstrap, counts: ClusterCounts): { counts: ClusterCounts; totals: Map<number, GroupTotals>; moments: Map<number, GroupMoments[]> } {
  let kept = perBootstrap.get(boot);
  if (kept === undefined || kept.counts !== counts) {
    kept = { counts, totals: new Map(), moments: new Map() };
    perBootstrap.set(boot, kept);
  }
  return kept;
}

/** allTotals of group g, kept with `boot`. */
function keptTotals(boot: ClusterBootstrap, counts: ClusterCounts, g: number): GroupTotals {
  const kept = keptFor(boot, counts);
  let totals = kept.totals.get(g);
  if (totals === undefined) {
    totals = allTotals(counts, g);
    kept.totals.set(g, totals);
  }
  return totals;
}

/**
 * groupJackknife's sums in one pass, without keeping the leave-one-out rates; variance = ((J - 1) / J)(Σd² - (Σd)² / J).
 * All columns of the group are summed together, cluster by cluster (each column's sums in the order of the group's
 * clusters, as one column alone), and kept with `boot` for the other columns.
 */
function groupMoments(boot: ClusterBootstrap, counts: ClusterCounts, g: number, t: number): GroupMoments {
  const kept = keptFor(boot, counts);
  let all = kept.moments.get(g);
  if (all === undefined) {
    all = allMoments(counts, keptTotals(boot, counts, g));
    kept.moments.set(g, all);
  }
  return all[t] as GroupMoments;
}

function allMoments(counts: ClusterCounts, totals: GroupTotals): GroupMoments[] {
  const T = counts.columns;
  const { members, H, N, rate } = totals;
  const J = members.length;
  const s1 = new Float64Array(T);
  const s2 = new Float64Array(T);
  const s3 = new Float64Array(T);
  for (let i = 0; i < J; i++) {
    const c = members[i] as number;
    const nc = counts.trials[c] as number;
    const row = c * T;
    if (N - nc > 0) {
      for (let t = 0; t < T; t++) {
        const d = ((H[t] as number) - (counts.successes[row + t] as number)) / (N - nc) - (rate[t] as number);
        const d2 = d * d;
        s1[t] = (s1[t] as number) + d;
        s2[t] = (s2[t] as number) + d2;
        s3[t] = (s3[t] as number) + d2 * d;
      }
    }
  }
  return Array.from({ length: T }, (_, t) => {
    const a1 = s1[t] as number;
    const variance = J >= 2 ? ((J - 1) / J) * Math.max(0, (s2[t] as number) - (a1 * a1) / J) : 0;
    return { rate: rate[t] as number, J, s1: a1, s2: s2[t] as number, s3: s3[t] as number, variance };
  });
}

/**
 * The BCa acceleration from jackknife values `jack` of the clusters that change the statistic (the other
 * C - jack.length leave it at theta): Σ(m - x)³ / (6 (Σ(m - x)²)^1.5), m the mean of all C values.
 */
function jackknifeAcceleration(jack: Float64Array, theta: number, C: number): number {
  // an indexed loop over one array type: a loop over either arrays or typed arrays ran several times slower
  const J = jack.length;
  const outside = C - J;
  let mean = outside * theta;
  for (let i = 0; i < J; i++) mean += jack[i] as number;
  mean /= C;
  let s2 = outside * (mean - theta) ** 2;
  let s3 = outside * (mean - theta) ** 3;
  cubes.clear();
  for (let i = 0; i < J; i++) {
    const d = mean - (jack[i] as number);
    s2 += d ** 2;
    s3 += cubes.of(d);
  }
  return s2 > 0 ? s3 / (6 * Math.pow(s2, 1.5)) : 0;
}

/**
 * d ** 3 for many values d of which few are distinct (a jackknife over thousands of volunteers who mostly made the
 * same number of passes with the same number of hits gives a few dozen distinct values): each is remembered in a
 * small direct-mapped table keyed by its bits, so that Math.pow runs once per distinct value; the results are those
 * of d ** 3 exactly. (d ** 2 needs no table: it compiles to d * d.)
 */
class CubeTable {
  private readonly keys = new Float64Array(256);
  private readonly cubes = new Float64Array(256);
  private readonly scratch = new Float64Array(1);
  private readonly words = new Int32Array(this.scratch.buffer);

  clear(): void {
    this.keys.fill(NaN);
  }

  of(d: number): number {
    if (d === 0) return d ** 3; // keeps the sign of zero, which the table's comparison would not
    this.scratch[0] = d;
    const h = ((this.words[0] as number) ^ (this.words[1] as number) ^ ((this.words[1] as number) >>> 12)) & 255;
    if (this.keys[h] === d) return this.cubes[h] as number;
    const c = d ** 3;
    this.keys[h] = d;
    this.cubes[h] = c;
    return c;
  }
}
const cubes = new CubeTable();

/**
 * The BCa interval from replicates `v` of a statistic with estimate theta, acceleration `a`, and the nominal quantile
 * expanded by `inflation` and Student's t on `df` degrees of freedom.
 */
function bcaFromReplicates(v: Float64Array, theta: number, level: number, ex: { a: number; inflation: number; df: number }): Interval {
  let below = 0;
  let equal = 0;
  // counted without branches (a comparison as 0 or 1): replicates fall either side of theta at random, which a
  // branch mispredicts about every other time
  for (let i = 0; i < v.length; i++) {
    const x = v[i] as number;
    below += +(x < theta);
    equal += +(x === theta);
  }
  if (equal === v.length) return { lower: theta, upper: theta };
  // kept off 0 and 1, where z0 would be infinite
  const share = Math.min(1 - 0.5 / v.length, Math.max(0.5 / v.length, (below + 0.5 * equal) / v.length));
  const z0 = normalQuantile(share);
  const a = ex.a;
  const zEx = Math.sqrt(ex.inflation) * studentQuantile((1 + level) / 2, ex.df);
  const adjust = (z: number): number => {
    const q = normalCdf(z0 + (z0 + z) / (1 - a * (z0 + z)));
    return Math.min(1, Math.max(0, q));
  };
  const [lower, upper] = quantilePairInPlace(v, adjust(-zEx), adjust(zEx));
  return { lower, upper };
}

/** Student's t quantile (p > 1/2) from the Beta quantile: x = I⁻¹(2(1 - p); df/2, 1/2), t = √(df (1 - x) / x). */
function studentQuantile(p: number, df: number): number {
  if (!(df > 0) || df === Infinity) return normalQuantile(p);
  let byDf = studentQuantiles.get(p);
  if (byDf === undefined) studentQuantiles.set(p, (byDf = new Map<number, number>()));
  let q = byDf.get(df);
  if (q === undefined) {
    const x = betaQuantile(2 * (1 - p), df / 2, 0.5);
    q = Math.sqrt((df * (1 - x)) / x);
    if (byDf.size >= 4096) byDf.clear();
    byDf.set(df, q);
  }
  return q;
}

/**
 * studentQuantile's answers by p, then df (a pure function, remembered: a group's BCa intervals at every threshold
 * ask for the same df, J - 1), at most 4,096 per p.
 */
const studentQuantiles = new Map<number, Map<number, number>>();

/**
 * Hesterberg's expansion for a statistic made of independent groups' rates: each group's jackknife variance times
 * J/(J-1) (inflation = their sum over the plain sum), degrees of freedom by Welch-Satterthwaite (J - 1 for one group).
 */
function expansion(groups: readonly GroupSpread[]): { inflation: number; df: number } {
  let v = 0;
  let vi = 0;
  let den = 0;
  for (const { J, variance: vj } of groups) {
    if (J < 2) continue;
    v += vj;
    vi += (vj * J) / (J - 1);
    den += (vj * vj) / (J - 1);
  }
  if (!(v > 0)) return { inflation: 1, df: Infinity };
  return { inflation: vi / v, df: (v * v) / den };
}

/**
 * Percentile interval of any statistic computed from each replicate's group rates (e.g. a max/min ratio across
 * groups): `statistic(rateOf)` is called once per replicate with a lookup of that replicate's rates; undefined
 * results (NaN, ±Infinity) are left out and counted. Reference: Efron & Tibshirani (1993) §13.3.
 * @returns the interval, or null when fewer than half the replicates define the statistic; with `undefinedShare`.
 */
export function derivedPercentileInterval(
  boot: ClusterBootstrap, statistic: (rateOf: (g: number, t: number) => number) => number, level = 0.95,
): { interval: Interval | null; undefinedShare: number } {
  checkLevel(level);
  const B = boot.replicates;
  const out = new Float64Array(B);
  let defined = 0;
  for (let b = 0; b < B; b++) {
    const x = statistic((g, t) => boot.values[(g * boot.columns + t) * B + b] as number);
    if (Number.isFinite(x)) out[defined++] = x;
  }
  const undefinedShare = 1 - defined / B;
  if (defined < B / 2) return { interval: null, undefinedShare };
  const [lower, upper] = quantilePairInPlace(out, (1 - level) / 2, (1 + level) / 2, defined);
  return { interval: { lower, upper }, undefinedShare };
}

function replicatesOf(boot: ClusterBootstrap, g: number, t: number): Float64Array {
  if (!(g >= 0 && g < boot.groups && t >= 0 && t < boot.columns)) throw new RangeError(`bootstrap: no group ${g} / column ${t}`);
  const B = boot.replicates;
  const start = (g * boot.columns + t) * B;
  const v = boot.values.slice(start, start + B);
  let n = 0;
  for (let i = 0; i < B; i++) if (v[i] === v[i]) v[n++] = v[i] as number;
  if (n === 0) throw new RangeError(`bootstrap: group ${g} was drawn in no replicate (it has no clusters)`);
  return v.subarray(0, n);
}

function checkLevel(level: number): void {
  if (!(level > 0 && level < 1)) throw new RangeError(`confidence level must be in (0, 1), got ${level}`);
}

function checkCounts(counts: ClusterCounts): void {
  const { trials, successes, columns: T } = counts;
  const C = trials.length;
  if (C < 1) throw new RangeError('clusterBootstrap: need at least one cluster, got 0');
  if (!Number.isInteger(T) || T < 1) throw new RangeError(`clusterBootstrap: columns must be a whole number >= 1, got ${T}`);
  if (successes.length !== C * T) throw new RangeError(`clusterBootstrap: successes has ${successes.length} values, expected clusters x columns = ${C * T}`);
  for (let c = 0; c < C; c++) {
    const nc = trials[c] as number;
    if (!(Number.isInteger(nc) && nc >= 0)) throw new RangeError(`clusterBootstrap: trials of cluster ${c} must be a whole number >= 0, got ${nc}`);
    for (let t = 0; t < T; t++) {
      const k = successes[c * T + t] as number;
      if (!(Number.isInteger(k) && k >= 0 && k <= nc)) throw new RangeError(`clusterBootstrap: successes of cluster ${c} column ${t} must be in 0..${nc}, got ${k}`);
    }
  }
}

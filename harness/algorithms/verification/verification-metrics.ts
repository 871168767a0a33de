/** verificationMetrics: 10-fold accuracy, TAR at a fixed FAR and ROC AUC of scored verification pairs. */

/** Verification figures of a set of scored pairs. */
export interface VerificationMetrics {
  pairs: number;
  mated: number;
  nonMated: number;
  /** k-fold accuracy: threshold fitted on k-1 folds, accuracy on the held-out fold; mean and sample sd over folds. */
  accuracy: { mean: number; sd: number; folds: number };
  /** True accept rate at the threshold where at most `far` of non-mated pairs are accepted. */
  tarAtFar: { far: number; tar: number; threshold: number };
  /** Area under the ROC curve (Mann-Whitney, ties count half). */
  auc: number;
  /** TAR and FAR at a threshold fixed from outside (e.g. the overall one, for groups: one global threshold). */
  atThreshold?: { threshold: number; tar: number; far: number };
}

/** Best accuracy threshold on a training set: the midpoint between sorted scores that maximises accuracy. */
function bestThreshold(scores: readonly number[], mated: readonly boolean[]): number {
  const idx = scores.map((_, i) => i).sort((a, b) => scores[a]! - scores[b]!);
  const totalMated = mated.filter(Boolean).length;
  // threshold below idx[0]: everything accepted -> correct = mated count
  let correct = totalMated, best = correct, bestT = (scores[idx[0]!] ?? 0) - 1e-6;
  for (let j = 0; j < idx.length; j++) {
    correct += mated[idx[j]!] ? -1 : 1; // idx[j] now rejected
    const next = j + 1 < idx.length ? scores[idx[j + 1]!]! : scores[idx[j]!]! + 1e-6;
    if (next === scores[idx[j]!]) continue;
    if (correct > best) {
      best = correct;
      bestT = (scores[idx[j]!]! + next) / 2;
    }
  }
  return bestT;
}

/**
 * Figures for `scores[i]` of pairs whose ground truth is `mated[i]`. Folds are stratified by position: the i-th mated
 * and the i-th non-mated pair go to fold i mod k.
 * @example verificationMetrics([0.9, 0.1], [true, false], { folds: 2 })
 */
export function verificationMetrics(
  scores: readonly number[],
  mated: readonly boolean[],
  options: { folds?: number; far?: number; threshold?: number } = {},
): VerificationMetrics {
  const k = options.folds ?? 10;
  const far = options.far ?? 1e-3;
  const fold = new Array<number>(scores.length);
  let im = 0, inm = 0;
  for (let i = 0; i < scores.length; i++) fold[i] = mated[i] ? im++ % k : inm++ % k;
  const accs: number[] = [];
  for (let f = 0; f < k; f++) {
    const trS: number[] = [], trM: boolean[] = [];
    let right = 0, n = 0;
    for (let i = 0; i < scores.length; i++) if (fold[i] !== f) { trS.push(scores[i]!); trM.push(mated[i]!); }
    const t = bestThreshold(trS, trM);
    for (let i = 0; i < scores.length; i++) if (fold[i] === f) { n++; if ((scores[i]! >= t) === mated[i]) right++; }
    if (n > 0) accs.push(right / n);
  }
  const mean = accs.reduce((s, a) => s + a, 0) / accs.length;
  const sd = Math.sqrt(accs.reduce((s, a) => s + (a - mean) ** 2, 0) / Math.max(1, accs.length - 1));
  const ms = scores.filter((_, i) => mated[i]);
  const ns = scores.filter((_, i) => !mated[i]);
  const threshold = thresholdAtFar(ns, far);
  const tar = ms.filter((s) => s >= threshold).length / Math.max(1, ms.length);
  const result: VerificationMetrics = { pairs: scores.length, mated: ms.length, nonMated: ns.length, accuracy: { mean, sd, folds: accs.length }, tarAtFar: { far, tar, threshold }, auc: auc(ms, ns) };
  const t = options.threshold;
  if (t !== undefined) {
    result.atThreshold = { threshold: t, tar: ms.filter((s) => s >= t).length / Math.max(1, ms.length), far: ns.filter((s) => s >= t).length / Math.max(1, ns.length) };
  }
  return result;
}

/**
 * The lowest threshold at which at most `far` of `nonMated` scores are accepted (score >= threshold): just above the
 * (floor(far * n) + 1)-th highest non-mated score; -Infinity with no non-mated score.
 * @example thresholdAtFar([0.1, 0.5, 0.3], 0) // 0.500000001
 */
export function thresholdAtFar(nonMated: readonly number[], far: number): number {
  const ns = [...nonMated].sort((a, b) => b - a);
  const allowed = Math.floor(far * ns.length);
  const at = ns[allowed];
  return at === undefined ? -Infinity : at + 1e-9;
}

function auc(pos: readonly number[], neg: readonly number[]): number {
  if (pos.length === 0 || neg.length === 0) return NaN;
  const all = [...pos.map((s) => ({ s, p: 1 })), ...neg.map((s) => ({ s, p: 0 }))].sort((a, b) => a.s - b.s);
  let rankSum = 0;
  for (let i = 0; i < all.length; ) {
    let j = i;
    while (j < all.length && all[j]!.s === all[i]!.s) j++;
    const avgRank = (i + 1 + j) / 2;
    for (let q = i; q < j; q++) if (all[q]!.p === 1) rankSum += avgRank;
    i = j;
  }
  return (rankSum - (pos.length * (pos.length + 1)) / 2) / (pos.length * neg.length);
}

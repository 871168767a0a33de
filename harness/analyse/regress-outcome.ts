/**
 * The logistic regression of an outcome (a missed match, a false alert) on sex, ethnicity and their interaction at
 * one threshold, with standard errors robust to clustering by volunteer, in the form results.json carries.
 */
import type { Campaign } from '../campaign/campaign.ts';
import { factorDesign, logisticRegression, waldTest, type Factor, type LogisticFit } from '../stats/logistic-regression.ts';
import type { PopulationClusters } from './population-clusters.ts';
import type { Regression } from './results-schema.ts';

/**
 * Regresses `outcome` at threshold index `t` on the clusters of one population (one row per cluster: its searches
 * and how many had the outcome). Clusters with unknown sex or ethnicity are left out; categories nobody has are not
 * in the model; the reference of each factor is the most common category that has both outcomes. Terms are named
 * `sex=male`, `ethnicity=black`, `sex=male:ethnicity=black`. When no model can be fitted, `status` says why.
 */
export function regressOutcome(
  clusters: PopulationClusters, campaign: Campaign, t: number, outcome: Regression['outcome'], population: string, level: number,
): Regression {
  const threshold = campaign.thresholds[t] as number;
  const T = clusters.columns;
  const rows: number[] = [];
  for (let c = 0; c < clusters.trials.length; c++) {
    if ((clusters.sex[c] as number) >= 0 && (clusters.ethnicity[c] as number) >= 0 && (clusters.trials[c] as number) > 0) rows.push(c);
  }
  const trials = rows.map((c) => clusters.trials[c] as number);
  const hits = rows.map((c) => clusters.successes[c * T + t] as number);
  const y = outcome === 'miss' ? hits.map((h, i) => (trials[i] as number) - h) : hits;
  const n = trials.reduce((a, b) => a + b, 0);
  const subjects = new Set(rows.map((c) => clusters.subject[c] as number)).size;
  const base = {
    outcome, population, threshold, n, clusters: subjects, reference: null, interaction: false, flatCells: [], droppedTerms: [], separatedTerms: [],
    converged: false, iterations: 0, coefficients: [], waldTests: [],
  };
  if (subjects < 2) return { ...base, status: 'fewer-than-two-subjects' };
  const events = y.reduce((a, b) => a + b, 0);
  if (events === 0 || events === n) return { ...base, status: events === 0 ? 'no-outcome' : 'every-outcome' };
  // A category (or cell) with no outcome, or only outcomes, separates the data: its coefficient runs to infinity.
  // So the reference is the most common category that has both, and the interaction is fitted only when every
  // sex x ethnicity cell has both.
  const mixed = (select: (c: number) => number, value: number): boolean => {
    let e = 0;
    let m = 0;
    rows.forEach((c, i) => {
      if (select(c) === value) {
        e += y[i] as number;
        m += trials[i] as number;
      }
    });
    return e > 0 && e < m;
  };
  const factor = (name: 'sex' | 'ethnicity', codes: Int8Array): Factor => {
    const cats = campaign.dimensions[name];
    const weight = new Map<number, number>();
    rows.forEach((c, i) => weight.set(codes[c] as number, (weight.get(codes[c] as number) ?? 0) + (trials[i] as number)));
    const present = [...weight.keys()].sort((a, b) => (weight.get(b) as number) - (weight.get(a) as number) || a - b);
    const ref = present.find((x) => mixed((c) => codes[c] as number, x)) ?? present[0] ?? 0;
    const order = [ref, ...present.filter((x) => x !== ref).sort((a, b) => a - b)];
    return { name, levels: order.map((x) => cats[x]?.code ?? ''), codes: rows.map((c) => order.indexOf(codes[c] as number)) };
  };
  const sex = factor('sex', clusters.sex);
  const ethnicity = factor('ethnicity', clusters.ethnicity);
  const cells = new Set(rows.map((c) => (clusters.sex[c] as number) * 128 + (clusters.ethnicity[c] as number)));
  const flat = [...cells].filter((cell) => !mixed((c) => (clusters.sex[c] as number) * 128 + (clusters.ethnicity[c] as number), cell));
  const interaction = flat.length === 0;
  const flatCells = flat.map((cell) => `${campaign.dimensions.sex[Math.floor(cell / 128)]?.code ?? '?'}+${campaign.dimensions.ethnicity[cell % 128]?.code ?? '?'}`);
  const reference = { sex: sex.levels[0] ?? '', ethnicity: ethnicity.levels[0] ?? '' };
  const design = factorDesign([sex, ethnicity], interaction, '=');
  let fit: LogisticFit;
  try {
    fit = logisticRegression(design, trials, y, rows.map((c) => clusters.subject[c] as number), { level });
  } catch {
    return { ...base, status: 'fit-failed', reference, interaction, flatCells };
  }
  const terms = fit.coefficients.map((c) => c.term);
  const waldTests: Regression['waldTests'] = [];
  const groupsOfTerms: [Regression['waldTests'][number]['terms'], string[]][] = [
    ['sex', terms.filter((x) => x.startsWith('sex=') && !x.includes(':'))],
    ['ethnicity', terms.filter((x) => x.startsWith('ethnicity='))],
    ['sex:ethnicity', terms.filter((x) => x.includes(':'))],
    ['all', terms.filter((x) => x !== '(Intercept)')],
  ];
  for (const [name, ts] of groupsOfTerms) {
    if (ts.length === 0) continue;
    const none = { terms: name, statistic: null, df: null, pValue: null };
    if (ts.some((x) => fit.separated.includes(x))) {
      waldTests.push({ ...none, notReported: 'separation' });
      continue;
    }
    try {
      const w = waldTest(fit, ts);
      waldTests.push(Number.isFinite(w.statistic) ? { terms: name, statistic: w.statistic, df: w.df, pValue: w.pValue, notReported: null } : { ...none, notReported: 'not-computable' });
    } catch {
      waldTests.push({ ...none, notReported: 'not-computable' });
    }
  }
  const finite = (x: number, fallback: number): number => (Number.isFinite(x) ? x : fallback);
  return {
    ...base, status: 'fitted', n: fit.n, clusters: fit.clusters, reference, interaction, flatCells,
    droppedTerms: fit.dropped, separatedTerms: fit.separated, converged: fit.converged, iterations: fit.iterations,
    coefficients: fit.coefficients.filter((c) => !fit.separated.includes(c.term)).map((c) => ({
      term: c.term, estimate: c.estimate, se: c.se, z: c.z, pValue: c.pValue,
      oddsRatio: finite(c.oddsRatio, Number.MAX_VALUE), lower: finite(c.lower, 0), upper: finite(c.upper, Number.MAX_VALUE),
    })),
    waldTests,
  };
}

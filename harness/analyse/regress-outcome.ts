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
 * in the model; the most common category of each factor is the reference. Terms are named `sex=male`,
 * `ethnicity=black`, `sex=male:ethnicity=black`. Returns null when fewer than two subjects or no variation remain
 * (with the reason in the returned note list of a minimal regression instead when possible).
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
  const empty = (note: string): Regression => ({ outcome, population, threshold, n, clusters: subjects, coefficients: [], waldTests: [], notes: [note] });
  if (subjects < 2) return empty('Fewer than two volunteers with known sex and ethnicity: no regression.');
  const events = y.reduce((a, b) => a + b, 0);
  if (events === 0 || events === n) return empty(`${events === 0 ? 'No' : 'Every'} search had the outcome (${outcome}): nothing to model.`);
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
    return { name, levels: order.map((x) => cats[x]?.code as string), codes: rows.map((c) => order.indexOf(codes[c] as number)) };
  };
  const sex = factor('sex', clusters.sex);
  const ethnicity = factor('ethnicity', clusters.ethnicity);
  const notes: string[] = [];
  const cells = new Set(rows.map((c) => (clusters.sex[c] as number) * 128 + (clusters.ethnicity[c] as number)));
  const flat = [...cells].filter((cell) => !mixed((c) => (clusters.sex[c] as number) * 128 + (clusters.ethnicity[c] as number), cell));
  const interaction = flat.length === 0;
  if (!interaction) {
    const names = flat.map((cell) => `${campaign.dimensions.sex[Math.floor(cell / 128)]?.code ?? '?'}+${campaign.dimensions.ethnicity[cell % 128]?.code ?? '?'}`);
    notes.push(`Sex x ethnicity interaction not fitted: ${flat.length} cell(s) have ${outcome === 'miss' ? 'no misses (or only misses)' : 'no false alerts (or only false alerts)'} (${names.join(', ')}); main effects only.`);
  }
  const design = factorDesign([sex, ethnicity], interaction, '=');
  let fit: LogisticFit;
  try {
    fit = logisticRegression(design, trials, y, rows.map((c) => clusters.subject[c] as number), { level });
  } catch (e) {
    return empty(`The model could not be fitted: ${(e as Error).message}`);
  }
  if (fit.separated.length > 0) notes.push(`Not estimable (separation: a category with no, or only, outcomes), left out of the table: ${fit.separated.join(', ')}.`);
  notes.unshift(...fit.notes);
  notes.push(`Reference categories: sex=${sex.levels[0] ?? ''}, ethnicity=${ethnicity.levels[0] ?? ''} (the most common); standard errors robust to clustering by volunteer (${fit.clusters} clusters).`);
  const terms = fit.coefficients.map((c) => c.term);
  const waldTests: Regression['waldTests'] = [];
  const groupsOfTerms: [string, string[]][] = [
    ['sex', terms.filter((x) => x.startsWith('sex=') && !x.includes(':'))],
    ['ethnicity', terms.filter((x) => x.startsWith('ethnicity='))],
    ['sex:ethnicity', terms.filter((x) => x.includes(':'))],
    ['all (any difference by sex or ethnicity)', terms.filter((x) => x !== '(Intercept)')],
  ];
  for (const [name, ts] of groupsOfTerms) {
    if (ts.length === 0) continue;
    const bad = ts.filter((x) => fit.separated.includes(x));
    if (bad.length > 0) {
      notes.push(`Wald test of ${name} not reported: it involves ${bad.join(', ')} (separation), where Wald tests are invalid.`);
      continue;
    }
    try {
      const w = waldTest(fit, ts);
      if (Number.isFinite(w.statistic)) waldTests.push({ terms: name, statistic: w.statistic, df: w.df, pValue: w.pValue });
    } catch (e) {
      notes.push(`Wald test of ${name} not computed: ${(e as Error).message}`);
    }
  }
  const finite = (x: number, fallback: number): number => (Number.isFinite(x) ? x : fallback);
  return {
    outcome, population, threshold, n: fit.n, clusters: fit.clusters,
    coefficients: fit.coefficients.filter((c) => !fit.separated.includes(c.term)).map((c) => ({
      term: c.term, estimate: c.estimate, se: c.se, z: c.z, pValue: c.pValue,
      oddsRatio: finite(c.oddsRatio, Number.MAX_VALUE), lower: finite(c.lower, 0), upper: finite(c.upper, Number.MAX_VALUE),
    })),
    waldTests,
    notes,
  };
}

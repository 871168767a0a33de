/**
 * Does a demographic difference remain once capture conditions are accounted for? The logistic regression of an
 * outcome (a missed match, a false alert) at one threshold on sex and ethnicity, then on sex, ethnicity and the binned
 * conditions, on the same searches, with standard errors robust to clustering by volunteer.
 */
import type { Campaign } from '../campaign/campaign.ts';
import { CONDITIONS, conditionSettings, type ModelCondition } from '../campaign/condition.ts';
import { InputError } from '../core/input-error.ts';
import { decidingScore, thresholdCuts } from '../metrics/threshold-bins.ts';
import { factorDesign, logisticRegression, waldTest, type Factor, type LogisticFit } from '../stats/logistic-regression.ts';
import type { SearchesData } from '../store/read-searches.ts';
import type { BinnedCondition } from './condition-bins.ts';
import type { ConditionRegression } from './results-schema.ts';

/** What to regress. */
export interface ConditionRegressionInput {
  campaign: Campaign;
  searches: SearchesData;
  binned: readonly BinnedCondition[];
  /** Index of the threshold in campaign.thresholds. */
  t: number;
  outcome: ConditionRegression['outcome'];
  /** 'mated' (outcome miss) or the source of non-mated searches (outcome false-alert). */
  population: string;
}

type Wald = ConditionRegression['conditionTests'][number];

/**
 * The conditions the model takes: the protocol's `analysis.conditions.model`, or every measured condition the
 * searches carry and camera. @throws InputError when the protocol names a condition the searches do not carry.
 */
export function modelConditions(campaign: Campaign, searches: SearchesData, binned: readonly BinnedCondition[]): BinnedCondition[] {
  const named = conditionSettings(campaign.analysis.conditions).model;
  if (named === null) return binned.filter((b) => b.condition !== 'deployment');
  const missing = named.filter((c) => !binned.some((b) => b.condition === c));
  if (missing.length > 0) {
    throw new InputError(searches.file, missing.map((c) => ({ path: `column for ${c}`, expected: 'a condition column for every condition in the protocol\'s analysis.conditions.model', got: 'no such column' })));
  }
  const order: readonly ModelCondition[] = [...CONDITIONS, 'camera', 'deployment'];
  return binned.filter((b) => named.includes(b.condition)).sort((a, b) => order.indexOf(a.condition) - order.indexOf(b.condition));
}

/**
 * Fits outcome ~ sex + ethnicity and outcome ~ sex + ethnicity + conditions (each condition a factor of its bins;
 * treatment coding, the reference the most common level with both outcomes) by maximum likelihood with the
 * cluster-robust sandwich covariance (logisticRegression), on the searches with known sex and ethnicity and every
 * modelled condition measured; Wald-tests the sex and the ethnicity terms in both models and each condition's terms
 * in the second. A demographic effect that vanishes in the second model was carried by the conditions (confounding);
 * one that remains is not explained by them. Observational: conditions not measured, or measured coarsely, can still
 * confound.
 * References: Hosmer, Lemeshow & Sturdivant, Applied Logistic Regression, 3rd ed. (2013) §3.5 (confounding);
 * Liang & Zeger, Biometrika 73 (1986) 13-22; Grother, Ngan & Hanaoka, NISTIR 8280 (2019) §6 (capture conditions).
 */
export function regressConditions(input: ConditionRegressionInput): ConditionRegression {
  const { campaign, searches, t, outcome, population } = input;
  const threshold = campaign.thresholds[t] as number;
  const cut = thresholdCuts(searches, campaign.thresholds)[t] as number;
  const model = modelConditions(campaign, searches, input.binned);
  const source = searches.source.labels.indexOf(population);
  const { sex, ethnicity } = searches.demographics;
  const rows: number[] = [];
  for (let i = 0; i < searches.length; i++) {
    const mated = searches.mated[i] === 1;
    if (population === 'mated' ? !mated : mated || searches.source.codes[i] !== source) continue;
    if ((sex[i] as number) < 0 || (ethnicity[i] as number) < 0) continue;
    if (model.some((c) => (c.codes[i] as number) < 0)) continue;
    rows.push(i);
  }
  const y = rows.map((i): number => {
    const hit = decidingScore(searches, i, campaign.analysis.rank) >= cut;
    return outcome === 'miss' ? (hit ? 0 : 1) : hit ? 1 : 0;
  });
  const subjectCodes = searches.subject.codes;
  const subjectCount = searches.subject.labels.length;
  const cluster = rows.map((i) => {
    const s = subjectCodes[i] as number;
    return s >= 0 ? s : subjectCount + i;
  });
  const clusters = new Set(cluster).size;
  const events = y.reduce((a, b) => a + b, 0);
  const base: ConditionRegression = {
    outcome, population, threshold, status: 'fitted', n: rows.length, clusters, conditions: [], eventsPerTerm: null, reference: {}, droppedTerms: [], separatedTerms: [],
    converged: false, coefficients: [], demographicTests: [], conditionTests: [],
  };
  if (clusters < 2) return { ...base, status: 'fewer-than-two-subjects' };
  if (events === 0 || events === rows.length) return { ...base, status: events === 0 ? 'no-outcome' : 'every-outcome' };
  const factor = (name: string, codes: ArrayLike<number>, labels: readonly string[]): Factor => {
    const count = new Map<number, { n: number; e: number }>();
    rows.forEach((i, r) => {
      const c = codes[i] as number;
      const w = count.get(c) ?? { n: 0, e: 0 };
      w.n++;
      w.e += y[r] as number;
      count.set(c, w);
    });
    const present = [...count.keys()].sort((a, b) => (count.get(b)?.n ?? 0) - (count.get(a)?.n ?? 0) || a - b);
    const ref = present.find((x) => { const w = count.get(x); return w !== undefined && w.e > 0 && w.e < w.n; }) ?? present[0] ?? 0;
    const order = [ref, ...present.filter((x) => x !== ref).sort((a, b) => a - b)];
    return { name, levels: order.map((x) => labels[x] ?? String(x)), codes: rows.map((i) => order.indexOf(codes[i] as number)) };
  };
  const demographics = [
    factor('sex', sex, campaign.dimensions.sex.map((c) => c.code)),
    factor('ethnicity', ethnicity, campaign.dimensions.ethnicity.map((c) => c.code)),
  ];
  const conditions = model.map((c) => factor(c.condition, c.codes, c.bins.bins.map((b) => b.id))).filter((f) => f.levels.length >= 2);
  const reference = Object.fromEntries([...demographics, ...conditions].map((f) => [f.name, f.levels[0] ?? '']));
  if (conditions.length === 0) return { ...base, status: 'no-conditions', reference };
  const fit = (factors: readonly Factor[]): LogisticFit | null => {
    // searches of one volunteer with the same levels of every factor are one row with several trials (same fit)
    const groups = new Map<string, { trials: number; events: number; cluster: number; row: number }>();
    rows.forEach((_, r) => {
      const key = `${cluster[r]}|${factors.map((f) => f.codes[r]).join(',')}`;
      const g = groups.get(key) ?? { trials: 0, events: 0, cluster: cluster[r] as number, row: r };
      g.trials++;
      g.events += y[r] as number;
      groups.set(key, g);
    });
    const list = [...groups.values()];
    const agg = factors.map((f) => ({ ...f, codes: list.map((g) => f.codes[g.row] as number) }));
    try {
      return logisticRegression(factorDesign(agg, false, '='), list.map((g) => g.trials), list.map((g) => g.events), list.map((g) => g.cluster), { level: campaign.analysis.confidenceLevel });
    } catch {
      return null;
    }
  };
  const unadjusted = fit(demographics);
  const adjusted = fit([...demographics, ...conditions]);
  if (unadjusted === null || adjusted === null) return { ...base, status: 'fit-failed', conditions: conditions.map((c) => c.name), reference };
  const test = (f: LogisticFit, of: Factor): Omit<Wald, 'condition'> => {
    const terms = of.levels.slice(1).map((l) => `${of.name}=${l}`).filter((term) => f.coefficients.some((c) => c.term === term));
    const none = { statistic: null, df: null, pValue: null };
    if (terms.length === 0) return { ...none, notReported: 'not-in-model' };
    if (terms.some((term) => f.separated.includes(term))) return { ...none, notReported: 'separation' };
    try {
      const w = waldTest(f, terms);
      return Number.isFinite(w.statistic) ? { statistic: w.statistic, df: w.df, pValue: w.pValue, notReported: null } : { ...none, notReported: 'not-computable' };
    } catch {
      return { ...none, notReported: 'not-computable' };
    }
  };
  const finite = (x: number, fallback: number): number => (Number.isFinite(x) ? x : fallback);
  return {
    ...base, conditions: conditions.map((c) => c.name), eventsPerTerm: Math.min(events, rows.length - events) / Math.max(1, adjusted.coefficients.length - 1),
    reference, droppedTerms: adjusted.dropped, separatedTerms: adjusted.separated, converged: adjusted.converged,
    coefficients: adjusted.coefficients.filter((c) => !adjusted.separated.includes(c.term)).map((c) => ({
      term: c.term, estimate: c.estimate, se: c.se, z: c.z, pValue: c.pValue,
      oddsRatio: finite(c.oddsRatio, Number.MAX_VALUE), lower: finite(c.lower, 0), upper: finite(c.upper, Number.MAX_VALUE),
    })),
    demographicTests: demographics.map((d) => ({ terms: d.name === 'sex' ? 'sex' : 'ethnicity', unadjusted: test(unadjusted, d), adjusted: test(adjusted, d) })),
    conditionTests: conditions.map((c) => ({ condition: c.name, ...test(adjusted, c) })),
  };
}

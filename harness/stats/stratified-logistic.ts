/**
 * Stratified logistic regression: the group effect on an outcome pooled, then adjusted for a stratum (the site), and
 * whether it varies by stratum (the group x stratum interaction), each a Wald test with standard errors robust to
 * clustering by volunteer.
 */
import { factorDesign, logisticRegression, waldTest, type Factor, type LogisticFit, type WaldTest } from './logistic-regression.ts';

/** Rows (usually one per volunteer and stratum) with their group, stratum, trials, outcomes and cluster. */
export interface StratifiedLogisticInput {
  /** The compared groups; level 0 is the reference. */
  group: Factor;
  /** The strata (sites); level 0 is the reference. */
  stratum: Factor;
  trials: ArrayLike<number>;
  successes: ArrayLike<number>;
  /** Cluster of each row (the volunteer): rows of one cluster are not independent. */
  cluster: ArrayLike<number>;
  /** Confidence level of the coefficients' intervals (default 0.95). */
  level?: number;
  /** Between a factor's name and its level in term names: '=' (default, `site=cardiff`) or '' as R (`sitecardiff`). */
  separator?: string;
}

/** Three nested models and their Wald tests; a test is null when its model or terms could not be estimated. */
export interface StratifiedLogistic {
  /** outcome ~ group: the group terms, pooled over strata. */
  pooled: WaldTest | null;
  /** outcome ~ group + stratum: the group terms with the stratum held fixed (the stratified test). */
  adjusted: WaldTest | null;
  /** The stratum terms of the same model: do outcomes differ between strata (a site effect)? */
  stratumEffect: WaldTest | null;
  /** outcome ~ group * stratum: the interaction terms (does the group difference vary by stratum?). */
  interaction: WaldTest | null;
  /** The group + stratum fit (coefficients, odds ratios), or null. */
  adjustedFit: LogisticFit | null;
  /** Why a test is missing: separation, an empty cell, too few clusters. */
  notes: string[];
}

/**
 * Fits outcome ~ group, outcome ~ group + stratum and outcome ~ group * stratum by maximum likelihood with the
 * cluster-robust sandwich covariance (see {@link logisticRegression}), and Wald-tests the group terms of the first
 * two, the stratum terms of the second and the interaction terms of the third. A test whose terms include a
 * separated coefficient (a cell with no outcomes, or only outcomes) is not reported, since Wald tests are invalid
 * there. This is the regression counterpart of the Cochran-Mantel-Haenszel and Breslow-Day tests, usable with any
 * number of groups and robust to repeated passes by one volunteer.
 * References: Agresti, Categorical Data Analysis, 3rd ed. (2013) §6.4 (stratified 2 x 2 x K tables and logit models),
 * §9.2 (interaction); Liang & Zeger, Biometrika 73 (1986) 13-22; Hosmer, Lemeshow & Sturdivant, Applied Logistic
 * Regression, 3rd ed. (2013) §3.5 (confounding and effect modification).
 * @throws RangeError for inputs logisticRegression rejects (mismatched lengths, bad counts).
 */
export function stratifiedLogistic(input: StratifiedLogisticInput): StratifiedLogistic {
  const sep = input.separator ?? '=';
  const notes: string[] = [];
  const level = input.level ?? 0.95;
  const fit = (factors: readonly Factor[], interaction: boolean, what: string): LogisticFit | null => {
    try {
      return logisticRegression(factorDesign(factors, interaction, sep), input.trials, input.successes, input.cluster, { level });
    } catch (e) {
      notes.push(`${what}: not fitted (${e instanceof Error ? e.message : String(e)}).`);
      return null;
    }
  };
  // Terms are told apart by the names factorDesign gives them, not by their spelling: levels may hold ':' or '='.
  const mainTerms = (f: Factor): Set<string> => new Set(f.levels.slice(1).map((l) => `${f.name}${sep}${l}`));
  const groupTerms = mainTerms(input.group);
  const stratumTerms = mainTerms(input.stratum);
  const isInteraction = (term: string): boolean => term !== '(Intercept)' && !groupTerms.has(term) && !stratumTerms.has(term);
  const test = (f: LogisticFit | null, select: (term: string) => boolean, what: string): WaldTest | null => {
    if (f === null) return null;
    const terms = f.coefficients.map((c) => c.term).filter(select);
    if (terms.length === 0) return null;
    const separated = terms.filter((t) => f.separated.includes(t));
    if (separated.length > 0) {
      notes.push(`${what}: not reported, ${separated.join(', ')} separated (a cell with no outcomes, or only outcomes).`);
      return null;
    }
    try {
      const w = waldTest(f, terms);
      return Number.isFinite(w.statistic) ? w : null;
    } catch (e) {
      notes.push(`${what}: not computed (${e instanceof Error ? e.message : String(e)}).`);
      return null;
    }
  };
  const pooledFit = fit([input.group], false, 'pooled model');
  const adjustedFit = fit([input.group, input.stratum], false, 'model with a stratum term');
  const interactionFit = fit([input.group, input.stratum], true, 'model with the interaction');
  for (const f of [adjustedFit, interactionFit]) {
    if (f !== null && f.dropped.length > 0) notes.push(`Not estimable (an empty cell), dropped: ${f.dropped.join(', ')}.`);
  }
  return {
    pooled: test(pooledFit, (t) => groupTerms.has(t), 'pooled group test'),
    adjusted: test(adjustedFit, (t) => groupTerms.has(t), 'group test adjusted for stratum'),
    stratumEffect: test(adjustedFit, (t) => stratumTerms.has(t), 'stratum effect'),
    interaction: test(interactionFit, isInteraction, 'group x stratum interaction'),
    adjustedFit,
    notes,
  };
}

/**
 * The lowest face-match threshold that meets a policy's constraints (false positive bound at the operational
 * watchlist size, minimum true positive rate, equity between groups), with the check at every threshold, as codes
 * and numbers; the report stage puts the rationale into words (harness/report/policy-rationale.ts).
 */
import type { AlgorithmResult, Rate, Results, Verdict } from '../analyse/results-schema.ts';
import type { PolicySettings } from '../campaign/protocol-schema.ts';
import { thresholdKey } from '../metrics/index.ts';

/** Outcome of one constraint at one threshold. */
export const CHECK_STATUS = ['pass', 'fail', 'untested'] as const;
export type CheckStatus = (typeof CHECK_STATUS)[number];

/** The checks at one threshold. */
export interface ThresholdCheck {
  threshold: number;
  /** FPIR at the operational watchlist size: estimate and upper bound (scaled from the filler gallery when no crowd). */
  fpir: { estimate: number | null; upper: number | null; population: string | null; scaled: boolean; status: CheckStatus };
  tpir: { estimate: number | null; lower: number | null; status: CheckStatus };
  /** The verdicts of every comparison at this threshold, and how many found a difference or could not tell. */
  equity: { status: CheckStatus; verdicts: readonly Verdict[]; significant: number; inconclusive: number };
  meets: boolean;
}

/** Why the choice came out as it did. */
export type ChoiceOutcome = 'chosen' | 'no-threshold-meets-fpir' | 'tpir-too-low-where-fpir-met' | 'equity-not-met';

/** What `chooseThreshold` found for one algorithm. */
export interface ThresholdChoice {
  algorithm: string;
  label: string;
  /** The lowest threshold meeting every constraint; null when none does. */
  chosen: number | null;
  /** The lowest threshold meeting the rate constraints, whatever the equity tests say. */
  lowestOnRates: number | null;
  outcome: ChoiceOutcome;
  checks: ThresholdCheck[];
}

/** The rate rows of one algorithm at one threshold, found by metric, population and group. */
function ratesAt(a: AlgorithmResult): (t: number, metric: Rate['metric'], population: string | null) => Rate | undefined {
  const byKey = new Map<string, Rate>();
  for (const r of a.rates) if (r.group === 'overall') byKey.set(`${thresholdKey(r.threshold)}|${r.metric}|${r.population}`, r);
  const nonCrowd = [...new Set(a.rates.filter((r) => r.metric === 'FPIR' && r.population !== 'crowd').map((r) => r.population))];
  return (t, metric, population) => {
    if (population !== null) return byKey.get(`${thresholdKey(t)}|${metric}|${population}`);
    for (const p of nonCrowd) {
      const r = byKey.get(`${thresholdKey(t)}|${metric}|${p}`);
      if (r !== undefined) return r;
    }
    return undefined;
  };
}

/** The false positive population used for the watchlist constraint: the crowd when present, else filler probes scaled. */
function fpirAt(results: Results, a: AlgorithmResult, rate: ReturnType<typeof ratesAt>, t: number): ThresholdCheck['fpir'] {
  const watchlist = results.settings.watchlistSize;
  const crowd = rate(t, 'FPIR', 'crowd');
  const r = crowd !== undefined && crowd.n > 0 ? crowd : rate(t, 'FPIR', null);
  if (r === undefined || r.n === 0) return { estimate: null, upper: null, population: null, scaled: false, status: 'untested' };
  const gallery = a.populations.find((p) => p.id === r.population)?.gallerySize ?? watchlist;
  const f = watchlist / gallery;
  const upper = Math.min(1, r.intervals[results.settings.headlineInterval].upper * f);
  return { estimate: Math.min(1, (r.estimate ?? 0) * f), upper, population: r.population, scaled: f !== 1, status: 'untested' };
}

/**
 * Checks every swept threshold of `a` against `policy` and picks the lowest that meets all constraints. FPIR is the
 * upper bound of the headline interval at the operational watchlist size (crowd searches when present; otherwise
 * filler-probe FPIR scaled linearly by watchlist size / gallery size, as NPL 2023 did). Equity uses the comparisons
 * in results.json at that threshold (they are run at every swept threshold): under `no-significant-difference` a
 * threshold fails when any comparison there finds a significant difference (comparisons too small to tell are
 * counted as inconclusive, and do not fail it); under `equivalence` every comparison must find the groups
 * equivalent. A threshold with no comparison at all (searches without demographics) is untested, which does not
 * meet an equity constraint.
 * @example chooseThreshold(results, results.algorithms[0], results.runInputs.policy).chosen
 */
export function chooseThreshold(results: Results, a: AlgorithmResult, policy: PolicySettings): ThresholdChoice {
  const maxFpir = 1 / policy.maxFpirOneIn;
  const rate = ratesAt(a);
  const verdictsAt = new Map<number, Verdict[]>();
  for (const c of a.comparisons) {
    const key = thresholdKey(c.threshold);
    const list = verdictsAt.get(key);
    if (list === undefined) verdictsAt.set(key, [c.verdict]);
    else list.push(c.verdict);
  }
  const checks: ThresholdCheck[] = results.settings.thresholds.map((t) => {
    const f = fpirAt(results, a, rate, t);
    const fpir: ThresholdCheck['fpir'] = { ...f, status: f.upper === null ? 'untested' : f.upper <= maxFpir ? 'pass' : 'fail' };
    const tp = rate(t, 'TPIR', 'mated');
    const tpir: ThresholdCheck['tpir'] = tp === undefined || tp.estimate === null
      ? { estimate: null, lower: null, status: 'untested' }
      : { estimate: tp.estimate, lower: tp.intervals[results.settings.headlineInterval].lower, status: tp.estimate >= policy.minTpir ? 'pass' : 'fail' };
    const verdicts = verdictsAt.get(thresholdKey(t)) ?? [];
    const significant = verdicts.filter((v) => v === 'significant-difference').length;
    const inconclusive = verdicts.filter((v) => v === 'too-small-to-tell').length;
    let status: CheckStatus;
    if (policy.equity === 'none') status = 'pass';
    else if (verdicts.length === 0) status = 'untested';
    else if (policy.equity === 'equivalence') status = verdicts.every((v) => v === 'equivalent') ? 'pass' : 'fail';
    else status = significant === 0 ? 'pass' : 'fail';
    return { threshold: t, fpir, tpir, equity: { status, verdicts, significant, inconclusive }, meets: fpir.status === 'pass' && tpir.status === 'pass' && status === 'pass' };
  });
  const chosen = checks.find((c) => c.meets)?.threshold ?? null;
  const lowestOnRates = checks.find((c) => c.fpir.status === 'pass' && c.tpir.status === 'pass')?.threshold ?? null;
  const outcome: ChoiceOutcome = chosen !== null ? 'chosen'
    : lowestOnRates !== null ? 'equity-not-met'
      : checks.some((c) => c.fpir.status === 'pass') ? 'tpir-too-low-where-fpir-met' : 'no-threshold-meets-fpir';
  return { algorithm: a.id, label: a.label, chosen, lowestOnRates, outcome, checks };
}

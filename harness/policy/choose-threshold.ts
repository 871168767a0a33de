/**
 * The lowest face-match threshold that meets a policy's constraints (false positive bound at the operational
 * watchlist size, minimum true positive rate, no significant differential or equivalence between groups), with
 * the check at every threshold and the rationale in words.
 */
import type { AlgorithmResult, Comparison, Results } from '../analyse/results-schema.ts';
import type { PolicySettings } from '../campaign/protocol-schema.ts';

/** Outcome of one constraint at one threshold. */
export const CheckStatus = { pass: 'meets the constraint', fail: 'does not meet the constraint', untested: 'no test was run at this threshold' } as const;
export type CheckStatus = keyof typeof CheckStatus;

/** The checks at one threshold. */
export interface ThresholdCheck {
  threshold: number;
  /** FPIR at the operational watchlist size: estimate and upper bound (scaled from the filler gallery when no crowd). */
  fpir: { estimate: number | null; upper: number | null; population: string | null; scaled: boolean; status: CheckStatus };
  tpir: { estimate: number | null; lower: number | null; status: CheckStatus };
  equity: { status: CheckStatus; verdicts: readonly Comparison['verdict'][] };
  meets: boolean;
}

/** What `chooseThreshold` found for one algorithm. */
export interface ThresholdChoice {
  algorithm: string;
  label: string;
  /** The lowest threshold meeting every constraint; null when none does. */
  chosen: number | null;
  /** The lowest threshold meeting the rate constraints, whatever the equity tests (or their absence) say. */
  lowestOnRates: number | null;
  checks: ThresholdCheck[];
  rationale: string;
}

const oneIn = (p: number): string => (p === 0 ? 'none' : `1 in ${Math.round(1 / p).toLocaleString('en-GB')}`);
const pct = (p: number): string => `${(p * 100).toFixed(1)}%`;

/** The false positive population used for the watchlist constraint: the crowd when present, else filler probes scaled. */
function fpirAt(results: Results, a: AlgorithmResult, t: number): ThresholdCheck['fpir'] & { k: number } {
  const near = (x: number): boolean => Math.abs(x - t) < 1e-9;
  const crowd = a.rates.find((r) => r.metric === 'FPIR' && r.population === 'crowd' && r.group === 'overall' && near(r.threshold));
  const watchlist = results.settings.watchlistSize;
  if (crowd !== undefined && crowd.n > 0) {
    const gallery = a.populations.find((p) => p.id === 'crowd')?.gallerySize ?? watchlist;
    const f = gallery === watchlist ? 1 : watchlist / gallery;
    const iv = crowd.intervals[results.settings.headlineInterval];
    return { estimate: Math.min(1, (crowd.estimate ?? 0) * f), upper: Math.min(1, iv.upper * f), population: 'crowd', scaled: f !== 1, status: 'untested', k: crowd.k };
  }
  const filler = a.rates.find((r) => r.metric === 'FPIR' && r.population !== 'crowd' && r.group === 'overall' && near(r.threshold));
  if (filler === undefined || filler.n === 0) return { estimate: null, upper: null, population: null, scaled: false, status: 'untested', k: 0 };
  const gallery = a.populations.find((p) => p.id === filler.population)?.gallerySize ?? watchlist;
  const f = watchlist / gallery;
  const iv = filler.intervals[results.settings.headlineInterval];
  return { estimate: Math.min(1, (filler.estimate ?? 0) * f), upper: Math.min(1, iv.upper * f), population: filler.population, scaled: f !== 1, status: 'untested', k: filler.k };
}

/**
 * Checks every threshold of `a` against `policy` and picks the lowest that meets all constraints. FPIR is the
 * upper bound of the headline interval at the operational watchlist size (crowd searches when present; otherwise
 * filler-probe FPIR scaled linearly by watchlist size / gallery size, as NPL 2023 did). Equity uses the
 * comparisons in results.json at that threshold: any "significant-difference" or "too-small-to-tell" verdict
 * fails; under `equivalence` every verdict must be "equivalent"; no comparisons there means untested, which does
 * not meet an equity constraint.
 * @example chooseThreshold(results, results.algorithms[0], { maxFpirOneIn: 6000, minTpir: 0.8, equity: 'none', passersByPerHour: 3770 }).chosen
 */
export function chooseThreshold(results: Results, a: AlgorithmResult, policy: PolicySettings): ThresholdChoice {
  const maxFpir = 1 / policy.maxFpirOneIn;
  const checks: ThresholdCheck[] = results.settings.thresholds.map((t) => {
    const f = fpirAt(results, a, t);
    const fpir: ThresholdCheck['fpir'] = { estimate: f.estimate, upper: f.upper, population: f.population, scaled: f.scaled, status: f.upper === null ? 'untested' : f.upper <= maxFpir ? 'pass' : 'fail' };
    const tp = a.rates.find((r) => r.metric === 'TPIR' && r.group === 'overall' && Math.abs(r.threshold - t) < 1e-9);
    const tpir: ThresholdCheck['tpir'] = tp === undefined || tp.estimate === null
      ? { estimate: null, lower: null, status: 'untested' }
      : { estimate: tp.estimate, lower: tp.intervals[results.settings.headlineInterval].lower, status: tp.estimate >= policy.minTpir ? 'pass' : 'fail' };
    const verdicts = (a.comparisons ?? []).filter((c) => Math.abs(c.threshold - t) < 1e-9).map((c) => c.verdict);
    let eq: CheckStatus;
    if (policy.equity === 'none') eq = 'pass';
    else if (verdicts.length === 0) eq = 'untested';
    else if (policy.equity === 'equivalence') eq = verdicts.every((v) => v === 'equivalent') ? 'pass' : 'fail';
    else eq = verdicts.every((v) => v === 'equivalent' || v === 'no-significant-difference') ? 'pass' : 'fail';
    return { threshold: t, fpir, tpir, equity: { status: eq, verdicts }, meets: fpir.status === 'pass' && tpir.status === 'pass' && eq === 'pass' };
  });
  const chosen = checks.find((c) => c.meets)?.threshold ?? null;
  const lowestOnRates = checks.find((c) => c.fpir.status === 'pass' && c.tpir.status === 'pass')?.threshold ?? null;
  return { algorithm: a.id, label: a.label, chosen, lowestOnRates, checks, rationale: rationale(results, policy, checks, chosen, lowestOnRates) };
}

function rationale(results: Results, policy: PolicySettings, checks: readonly ThresholdCheck[], chosen: number | null, lowestOnRates: number | null): string {
  const level = Math.round(results.settings.confidenceLevel * 100);
  const want = `a false positive rate whose ${level}% upper bound is at most 1 in ${policy.maxFpirOneIn.toLocaleString('en-GB')} at a ${results.settings.watchlistSize.toLocaleString('en-GB')}-image watchlist, a true positive rate of at least ${pct(policy.minTpir)}` +
    (policy.equity === 'none' ? '' : policy.equity === 'equivalence' ? ', and groups shown equivalent within the margin' : ', and no statistically significant difference between groups');
  const pick = chosen ?? lowestOnRates;
  if (pick === null) {
    const best = checks.filter((c) => c.fpir.status === 'pass');
    const why = best.length === 0 ? 'no threshold keeps the false positive bound low enough' : `where false positives are low enough (from ${best[0]?.threshold.toFixed(2)}), the true positive rate falls below ${pct(policy.minTpir)}`;
    return `The policy asks for ${want}. No threshold tested meets it: ${why}.`;
  }
  const c = checks.find((x) => x.threshold === pick) as ThresholdCheck;
  const below = checks.filter((x) => x.threshold < pick);
  const prev = below[below.length - 1];
  const fp = c.fpir;
  const facts = `At ${pick.toFixed(2)} the false positive rate is ${oneIn(fp.estimate ?? 0)} (upper bound ${oneIn(fp.upper ?? 0)}${fp.scaled ? `, scaled from the ${fp.population ?? ''} searches to the watchlist size` : ''}) and the true positive rate ${pct(c.tpir.estimate ?? 0)}`;
  const prevText = prev === undefined ? 'It is the lowest threshold tested.'
    : `The next lower threshold, ${prev.threshold.toFixed(2)}, fails: ${[
      prev.fpir.status !== 'pass' ? `its false positive upper bound is ${oneIn(prev.fpir.upper ?? 0)}` : '',
      prev.tpir.status !== 'pass' ? `its true positive rate is ${pct(prev.tpir.estimate ?? 0)}` : '',
      prev.equity.status === 'fail' ? 'a test found a difference between groups (or could not tell)' : '',
      prev.equity.status === 'untested' && chosen !== null ? 'no test between groups was run there' : '',
    ].filter((s) => s !== '').join('; ') || 'see the table'}.`;
  if (chosen !== null) {
    const eq = policy.equity === 'none' ? '' : policy.equity === 'equivalence' ? ', and the groups were shown equivalent' : ', and no test found a significant difference between groups';
    return `The policy asks for ${want}. The lowest threshold that meets it is ${pick.toFixed(2)}. ${facts}${eq}. ${prevText}`;
  }
  return `The policy asks for ${want}. No threshold meets every constraint. The lowest that meets the rate constraints is ${pick.toFixed(2)} (${facts.replace(/^At/, 'at')}), but ${c.equity.status === 'untested' ? 'no test between groups was run there, so equity is not shown' : 'tests between groups there do not meet the equity constraint'}.`;
}

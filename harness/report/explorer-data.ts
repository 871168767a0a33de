/**
 * The threshold explorer's data: for each algorithm and threshold, the overall and per-group rates, false alerts per
 * deployment-hour, differential indices per level and the equity verdict, computed here so the page only looks up.
 */
import type { AlgorithmResult, Rate, Results } from '../analyse/results-schema.ts';
import { sameThreshold, thresholdIndex } from '../metrics/index.ts';
import { chooseThreshold, groupDifferentials } from '../policy/index.ts';
import { equityVerdict, type EquityVerdict } from './equity-verdict.ts';
import { alertInterval, alertRate, percent } from './format.ts';
import { policyCheckLine } from './policy-rationale.ts';
import { headlineInterval, LevelLabel, levelPercent, rateIndex } from './rate-lookup.ts';
import { explorerWords, type ExplorerWords } from './use-case-section.ts';
import { verdictLines, type VerdictLine } from './verdict-line.ts';
import { groupAlertPopulation, watchlistRate } from './watchlist-rate.ts';

/**
 * A rate with its headline interval; `e` null when n = 0. A suppressed cell (n below the minimum cell size) carries
 * no number at all, k and n included: the page's inline data must not hold what the page hides.
 */
export interface ExplorerCell { e: number | null; lo: number | null; hi: number | null; k: number | null; n: number | null }

/** The cell of a suppressed group: nothing to read, nothing to recompute. */
const SUPPRESSED: ExplorerCell = { e: null, lo: null, hi: null, k: null, n: null };

export interface ExplorerRow {
  t: number;
  tpir: ExplorerCell | null;
  /** False alert rate at the operational watchlist size (crowd, or filler searches scaled), with `text` in words. */
  falseAlerts: (ExplorerCell & { text: string; interval: string; crowd: boolean }) | null;
  /** Per group: recognition and false alerts at the watchlist size, as numbers and in words (suppressed: e null). */
  groups: { label: string; level: string; tpir: ExplorerCell | null; tpirText: string; fpir: ExplorerCell | null; fpirText: string }[];
  differentials: { level: string; rate: string; groups: number; maxMinRatio: number | null; maxDifference: number | null; garbe: number | null; note: string | null }[];
  /** The worst verdict between groups here, and one line per grouping and error type. */
  verdict: { kind: EquityVerdict; lines: VerdictLine[] };
  /** The policy's answer here: the same check `evenhand thresholds` makes, in one sentence. */
  policy: { meets: boolean; text: string };
}

export interface ExplorerData {
  title: string;
  simulated: boolean;
  level: number;
  minCellSize: number;
  watchlistSize: number;
  passersByPerHour: number;
  /** What the figures count in this use case's words (live passers-by, or searched photos). */
  words: ExplorerWords;
  operational: number[];
  /** Position of each operational threshold among the rows (-1 when it was not swept). */
  operationalIndex: number[];
  /** Per algorithm; `lowestMeeting`: the row of the lowest threshold meeting the policy (-1 when none does). */
  algorithms: { id: string; label: string; lowestMeeting: number; rows: ExplorerRow[] }[];
}

function cell(r: Rate | undefined, results: Results, suppress: boolean): ExplorerCell | null {
  if (r === undefined) return null;
  if (suppress && r.n > 0 && r.n < results.settings.minCellSize) return SUPPRESSED;
  if (r.n === 0) return { e: null, lo: null, hi: null, k: 0, n: 0 };
  const i = headlineInterval(r, results);
  return { e: r.estimate, lo: i.lower, hi: i.upper, k: r.k, n: r.n };
}

/** "89.2% (88.2% to 90.1%)", "suppressed (fewer than 20)", "no searches" or "n/a". */
function tpirText(c: ExplorerCell | null, min: number): string {
  if (c === null) return 'n/a';
  if (c.e === null) return c.n === 0 ? 'no searches' : `suppressed (fewer than ${min})`;
  return `${percent(c.e)} (${percent(c.lo)} to ${percent(c.hi)})`;
}

function rows(results: Results, a: AlgorithmResult): ExplorerRow[] {
  const ix = rateIndex(a);
  const min = results.settings.minCellSize;
  const level = levelPercent(results);
  const groups = results.groups.filter((g) => g.level !== 'overall' && g.level !== 'sex+ethnicity');
  const checks = chooseThreshold(results, a, results.runInputs.policy).checks;
  const grouped = groupAlertPopulation(a);
  return results.settings.thresholds.map((t) => {
    const differentials: ExplorerRow['differentials'] = [];
    for (const level of ['sex', 'ethnicity', 'ageBand'] as const) {
      for (const [metric, population, rate] of [['FNIR', 'mated', 'Missed (FNIR)'], ['FPIR', 'filler_probe', 'False match (FPIR, filler)']] as const) {
        const values = groups.filter((g) => g.level === level).map((g) => ix.get(metric, population, g.id, t))
          .filter((r): r is Rate => r !== undefined && r.n >= min && r.estimate !== null).map((r) => r.estimate as number);
        if (values.length === 0) continue;
        differentials.push({ level: LevelLabel[level], rate, ...groupDifferentials(values) });
      }
    }
    const check = checks.find((c) => sameThreshold(c.threshold, t));
    const fa = watchlistRate(results, a, ix, { group: 'overall', threshold: t });
    return {
      t,
      tpir: cell(ix.get('TPIR', 'mated', 'overall', t), results, false),
      falseAlerts: fa === undefined ? null : {
        e: fa.estimate, lo: fa.lower, hi: fa.upper, k: fa.k, n: fa.n, crowd: fa.factor === 1,
        text: alertRate(fa.estimate, fa.upper, level), interval: fa.estimate > 0 ? alertInterval(fa.estimate, fa.lower, fa.upper) : '',
      },
      groups: groups.map((g) => {
        const tp = cell(ix.get('TPIR', 'mated', g.id, t), results, true);
        const w = watchlistRate(results, a, ix, { group: g.id, threshold: t, population: grouped });
        const fp: ExplorerCell | null = w === undefined ? null : w.n < min ? SUPPRESSED : { e: w.estimate, lo: w.lower, hi: w.upper, k: w.k, n: w.n };
        const fpText = fp === null ? 'n/a' : fp.e === null ? `suppressed (fewer than ${min})` : `${alertRate(w?.estimate ?? 0, w?.upper ?? null, level)}${(w?.estimate ?? 0) > 0 ? ` (${alertInterval(w?.estimate ?? 0, w?.lower ?? 0, w?.upper ?? 0)})` : ''}`;
        return { label: g.label, level: LevelLabel[g.level], tpir: tp, tpirText: tpirText(tp, min), fpir: fp, fpirText: fpText };
      }),
      differentials,
      verdict: { kind: equityVerdict(a, t), lines: verdictLines(results, a, t) },
      policy: check === undefined ? { meets: false, text: 'Not checked at this threshold.' } : { meets: check.meets, text: policyCheckLine(results, check, results.runInputs.policy) },
    };
  });
}

/**
 * Builds the explorer's data from `results`; `passersByPerHour` turns crowd FPIR into false alerts per
 * deployment-hour (the page lets the reader change it).
 * @example explorerData(results, 3770).algorithms[0].rows.length === results.settings.thresholds.length
 */
export function explorerData(results: Results, passersByPerHour: number): ExplorerData {
  if (!(passersByPerHour > 0)) throw new RangeError(`explorerData: passersByPerHour must be > 0, got ${passersByPerHour}`);
  return {
    title: results.campaign.title,
    simulated: results.campaign.simulated,
    level: Math.round(results.settings.confidenceLevel * 100),
    minCellSize: results.settings.minCellSize,
    watchlistSize: results.settings.watchlistSize,
    passersByPerHour,
    words: explorerWords(results.settings.useCase, results.settings.watchlistSize),
    operational: results.settings.operationalThresholds,
    operationalIndex: results.settings.operationalThresholds.map((t) => thresholdIndex(results.settings.thresholds, t)),
    algorithms: results.algorithms.map((a) => {
      const r = rows(results, a);
      return { id: a.id, label: a.label, lowestMeeting: r.findIndex((x) => x.policy.meets), rows: r };
    }),
  };
}

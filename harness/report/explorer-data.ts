/**
 * The threshold explorer's data: for each algorithm and threshold, the overall and per-group rates, false alerts per
 * deployment-hour, differential indices per level and the equity verdict, computed here so the page only looks up.
 */
import type { AlgorithmResult, Rate, Results } from '../analyse/results-schema.ts';
import { thresholdIndex } from '../metrics/index.ts';
import { groupDifferentials } from '../policy/group-differentials.ts';
import { equitySummary, type EquitySummary } from './equity-summary.ts';
import { headlineInterval, LevelLabel, rateIndex } from './rate-lookup.ts';

/** A rate with its headline interval; `e` null when suppressed (n below the minimum cell size) or n = 0. */
export interface ExplorerCell { e: number | null; lo: number | null; hi: number | null; k: number; n: number }

export interface ExplorerRow {
  t: number;
  tpir: ExplorerCell | null;
  crowd: ExplorerCell | null;
  filler: ExplorerCell | null;
  groups: { label: string; level: string; tpir: ExplorerCell | null; fpir: ExplorerCell | null }[];
  differentials: { level: string; rate: string; groups: number; maxMinRatio: number | null; maxDifference: number | null; garbe: number | null; note: string | null }[];
  verdict: { kind: EquitySummary['kind']; text: string };
}

export interface ExplorerData {
  title: string;
  simulated: boolean;
  level: number;
  minCellSize: number;
  watchlistSize: number;
  passersByPerHour: number;
  operational: number[];
  /** Position of each operational threshold among the rows (-1 when it was not swept). */
  operationalIndex: number[];
  /** Per algorithm; `fillerScale` = watchlist size / filler gallery size (null without filler searches). */
  algorithms: { id: string; label: string; fillerScale: number | null; rows: ExplorerRow[] }[];
}

function cell(r: Rate | undefined, results: Results, suppress: boolean): ExplorerCell | null {
  if (r === undefined) return null;
  if (r.n === 0 || (suppress && r.n < results.settings.minCellSize)) return { e: null, lo: null, hi: null, k: r.k, n: r.n };
  const i = headlineInterval(r, results);
  return { e: r.estimate, lo: i.lower, hi: i.upper, k: r.k, n: r.n };
}

function rows(results: Results, a: AlgorithmResult): ExplorerRow[] {
  const ix = rateIndex(a);
  const min = results.settings.minCellSize;
  const groups = results.groups.filter((g) => g.level !== 'overall' && g.level !== 'sex+ethnicity');
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
    const eq = equitySummary(results, a, t);
    return {
      t,
      tpir: cell(ix.get('TPIR', 'mated', 'overall', t), results, false),
      crowd: cell(ix.get('FPIR', 'crowd', 'overall', t), results, false),
      filler: cell(ix.get('FPIR', 'filler_probe', 'overall', t), results, false),
      groups: groups.map((g) => ({ label: g.label, level: LevelLabel[g.level], tpir: cell(ix.get('TPIR', 'mated', g.id, t), results, true), fpir: cell(ix.get('FPIR', 'filler_probe', g.id, t), results, true) })),
      differentials,
      verdict: { kind: eq.kind, text: eq.text },
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
    operational: results.settings.operationalThresholds,
    operationalIndex: results.settings.operationalThresholds.map((t) => thresholdIndex(results.settings.thresholds, t)),
    algorithms: results.algorithms.map((a) => {
      const filler = a.populations.find((p) => p.id === 'filler_probe')?.gallerySize ?? null;
      return { id: a.id, label: a.label, fillerScale: filler === null || filler === 0 ? null : results.settings.watchlistSize / filler, rows: rows(results, a) };
    }),
  };
}

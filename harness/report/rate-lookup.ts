/** Rate lookup: an index of an algorithm's long-format rate rows by metric, population, group and threshold. */
import type { AlgorithmResult, Rate, Results } from '../analyse/results-schema.ts';
import { thresholdKey } from '../metrics/index.ts';

/** Level ids of results.json groups, with the words the pages use for them. */
export const LevelLabel = {
  overall: 'Everyone',
  sex: 'Sex',
  ethnicity: 'Ethnicity',
  ageBand: 'Age band',
  'sex+ethnicity': 'Sex and ethnicity',
} as const;
export type LevelId = keyof typeof LevelLabel;

/** An index over one algorithm's rates; `get` is O(1). */
export interface RateIndex {
  get(metric: Rate['metric'], population: string, group: string, threshold: number): Rate | undefined;
}

/** Builds a RateIndex for `a`. @example rateIndex(a).get('TPIR', 'mated', 'overall', 0.6) */
export function rateIndex(a: AlgorithmResult): RateIndex {
  const map = new Map<string, Rate>();
  const key = (m: string, p: string, g: string, t: number): string => `${m}|${p}|${g}|${thresholdKey(t)}`;
  for (const r of a.rates) map.set(key(r.metric, r.population, r.group, r.threshold), r);
  return { get: (m, p, g, t) => map.get(key(m, p, g, t)) };
}

/** The headline interval (the protocol's chosen method) of a rate. */
export function headlineInterval(r: Rate, results: Results): { lower: number; upper: number } {
  return r.intervals[results.settings.headlineInterval];
}

/** The confidence level as a whole percent (0.95 -> 95). */
export function levelPercent(results: Results): number {
  return Math.round(results.settings.confidenceLevel * 100);
}

/** The gallery size of population `id` of algorithm `a` (0 when unknown). */
export function gallerySize(a: AlgorithmResult, id: string): number {
  return a.populations.find((p) => p.id === id)?.gallerySize ?? 0;
}

/**
 * False alert rates at the operational watchlist size, by group: the crowd's rate where the crowd has demographics,
 * otherwise the filler-probe rate scaled linearly by watchlist size / gallery size (as NPL 2023 did, and as the
 * policy check does for the overall rate; docs/statistics.md gives the assumption).
 */
import type { AlgorithmResult, Rate, Results } from '../analyse/results-schema.ts';
import { headlineInterval, type RateIndex } from './rate-lookup.ts';

/** A false alert rate at the watchlist size with its headline interval and the counts it came from. */
export interface WatchlistRate {
  estimate: number;
  lower: number;
  upper: number;
  k: number;
  n: number;
  /** The searches it came from (crowd, filler_probe, ...). */
  population: string;
  /** watchlist size / gallery size (1 when measured on a gallery of the watchlist's size). */
  factor: number;
}

/** The non-mated populations to look in, crowd first. */
function nonMated(a: AlgorithmResult): string[] {
  const ids = a.populations.filter((p) => p.kind === 'non-mated').map((p) => p.id);
  return [...ids.filter((id) => id === 'crowd'), ...ids.filter((id) => id !== 'crowd')];
}

/**
 * The false alert rate of `group` at threshold `t` at the operational watchlist size, or undefined when no
 * non-mated population has searches of that group there. Scaled values are capped at 1.
 * @example watchlistRate(results, a, ix, 'ethnicity:black', 0.6)?.estimate
 */
export function watchlistRate(results: Results, a: AlgorithmResult, ix: RateIndex, group: string, t: number): WatchlistRate | undefined {
  for (const population of nonMated(a)) {
    const r: Rate | undefined = ix.get('FPIR', population, group, t);
    if (r === undefined || r.n === 0 || r.estimate === null) continue;
    const gallery = a.populations.find((p) => p.id === population)?.gallerySize ?? results.settings.watchlistSize;
    const factor = gallery > 0 ? results.settings.watchlistSize / gallery : 1;
    const i = headlineInterval(r, results);
    return { estimate: Math.min(1, r.estimate * factor), lower: Math.min(1, i.lower * factor), upper: Math.min(1, i.upper * factor), k: r.k, n: r.n, population, factor };
  }
  return undefined;
}

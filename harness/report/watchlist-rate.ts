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
 * The non-mated population whose searches carry demographics (the crowd first, then the others): the one every row of
 * a table or chart by group is taken from, "Everyone" included, so that no chart mixes two populations. Null when no
 * non-mated search has a group.
 */
export function groupAlertPopulation(a: AlgorithmResult): string | null {
  const grouped = new Set(a.rates.filter((r) => r.metric === 'FPIR' && r.group !== 'overall' && r.n > 0).map((r) => r.population));
  return nonMated(a).find((p) => grouped.has(p)) ?? null;
}

/** Which rate `watchlistRate` looks up. */
export interface WatchlistQuery {
  group: string;
  threshold: number;
  /** Only this population (default: the crowd when it has searches of the group, else the next non-mated one). */
  population?: string | null;
}

/**
 * The false alert rate of a group at a threshold at the operational watchlist size, or undefined when no non-mated
 * population (or not the one asked for) has searches of that group there. Scaled values are capped at 1.
 * @example watchlistRate(results, a, ix, { group: 'ethnicity:black', threshold: 0.6 })?.estimate
 */
export function watchlistRate(results: Results, a: AlgorithmResult, ix: RateIndex, query: WatchlistQuery): WatchlistRate | undefined {
  const { group, threshold: t } = query;
  const populations = query.population === undefined || query.population === null ? nonMated(a) : [query.population];
  for (const population of populations) {
    const r: Rate | undefined = ix.get('FPIR', population, group, t);
    if (r === undefined || r.n === 0 || r.estimate === null) continue;
    const gallery = a.populations.find((p) => p.id === population)?.gallerySize ?? results.settings.watchlistSize;
    const factor = gallery > 0 ? results.settings.watchlistSize / gallery : 1;
    const i = headlineInterval(r, results);
    return { estimate: Math.min(1, r.estimate * factor), lower: Math.min(1, i.lower * factor), upper: Math.min(1, i.upper * factor), k: r.k, n: r.n, population, factor };
  }
  return undefined;
}

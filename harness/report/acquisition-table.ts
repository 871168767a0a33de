/**
 * Failure to acquire by group in the annex, and how searches that returned no mate or no candidate at all are
 * counted in the rates.
 */
import type { AlgorithmResult, Results } from '../analyse/results-schema.ts';
import { count, percent } from './format.ts';
import { esc, table } from './html.ts';
import { LevelLabel, levelPercent } from './rate-lookup.ts';

/** The annex's failure-to-acquire section for algorithm `a` (the counting rules even when no table is given). */
export function acquisitionSection(results: Results, a: AlgorithmResult): string {
  const level = levelPercent(results);
  const rules = `<p>How searches without a result are counted: a search by a person on the watchlist whose mate was not among the candidates (${count(a.counts.mateNotReturned)} here), including one with no candidate at all because no face was captured, is a miss at every threshold: it counts in TPIR's denominator and in FNIR's numerator. A search by someone not on the watchlist with no candidate cannot raise an alert: it counts in FPIR's denominator as a search without a false alert. Searches with no candidate: ${a.counts.noCandidates === null ? 'not given (no candidates file)' : count(a.counts.noCandidates)}.</p>`;
  const fta = a.failureToAcquire ?? [];
  if (fta.length === 0) return `<h3>Failure to acquire</h3>${rules}<p>No failure-to-acquire counts by group are in this results file.</p>`;
  const label = (id: string): string => results.groups.find((g) => g.id === id)?.label ?? id;
  const levelOf = (id: string): string => { const g = results.groups.find((x) => x.id === id); return g === undefined ? '' : LevelLabel[g.level]; };
  const rows = fta.map((f) => {
    const i = f.intervals[results.settings.headlineInterval];
    return [esc(label(f.group)), esc(levelOf(f.group)), esc(f.population), `${count(f.k)} of ${count(f.n)}`, percent(f.estimate), `${percent(i.lower)} to ${percent(i.upper)}`];
  });
  return `<h3>Failure to acquire</h3>${rules}<div class="table-wrap" tabindex="0">${table(`Searches with no candidate (failure to acquire), by group (${a.label})`, ['Group', 'Grouped by', 'Searches of', 'No candidate', 'Share', `${level}% interval`], rows)}</div>`;
}

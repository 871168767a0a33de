/**
 * One plain line per grouping and error type: what the tests between groups found at a threshold, in words a member
 * of the public can read in seconds ("Recognition by sex: equivalent within 5 percentage points"). The p-values,
 * power and test names stay in the annex.
 */
import type { AlgorithmResult, Comparison, Results, Verdict } from '../analyse/results-schema.ts';
import { sameThreshold } from '../metrics/index.ts';
import { alertRate, count, percentFixed } from './format.ts';
import { levelPercent } from './rate-lookup.ts';

/** A verdict line: who was compared on what, and what was found. */
export interface VerdictLine {
  /** "Recognition by sex", "False alerts by ethnicity". */
  subject: string;
  /** "equivalent within 5 percentage points", "too few people to tell", ... */
  text: string;
  verdict: Verdict;
}

/** The error type of a comparison, as the public page names it. */
export const MetricSubject: Record<Comparison['metric'], string> = { TPIR: 'Recognition', FPIR: 'False alerts' };

/** The grouping of a comparison, after "by". */
export const LevelSubject: Record<Comparison['level'], string> = { sex: 'sex', ethnicity: 'ethnicity', 'sex+ethnicity': 'sex and ethnicity together', ageBand: 'age band' };

const LEVEL_ORDER: readonly Comparison['level'][] = ['sex', 'ethnicity', 'sex+ethnicity', 'ageBand'];

/** The watchlist scaling of a population's rates (watchlist size / gallery size; 1 for mated searches). */
function scaleOf(results: Results, a: AlgorithmResult, c: Comparison): number {
  if (c.metric === 'TPIR') return 1;
  const gallery = a.populations.find((p) => p.id === c.population)?.gallerySize ?? results.settings.watchlistSize;
  return gallery > 0 ? results.settings.watchlistSize / gallery : 1;
}

/**
 * The line for comparison `c` of algorithm `a`. A significant difference names the groups with the highest and
 * lowest rates (false alert rates at the watchlist size, as the charts show them).
 * @example verdictLine(results, a, c) // { subject: 'Recognition by sex', text: 'equivalent within 5 percentage points', ... }
 */
export function verdictLine(results: Results, a: AlgorithmResult, c: Comparison): VerdictLine {
  const s = results.settings.statistics;
  const subject = `${MetricSubject[c.metric]} by ${LevelSubject[c.level]}`;
  const line = (text: string): VerdictLine => ({ subject, text, verdict: c.verdict });
  switch (c.reason) {
    case 'fewer-than-two-groups':
      return line(`too few people to tell (fewer than two groups with at least ${count(results.settings.minCellSize)} searches)`);
    case 'no-events':
      return line(c.metric === 'FPIR' ? 'too few false alerts to tell (none in any group)' : 'too few people to tell (nobody was recognised)');
    case 'every-search-hit':
      return line(c.metric === 'FPIR' ? 'too few people to tell (every search raised an alert)' : 'nothing to compare: every pass was recognised in every group');
    case 'one-cluster-per-group':
      return line('too few people to tell (each group has a single volunteer)');
    case 'low-power':
      return line('too few people to tell');
    case 'equivalence-not-shown':
      return line('no significant difference found (this is not proof of equal treatment)');
    case 'every-pair-equivalent':
      return line(c.metric === 'TPIR'
        ? `equivalent within ${percentPoints(s.equivalenceMargin)}`
        : `equivalent within a factor of ${s.fpirEquivalenceRatio}`);
    case 'homogeneity-test':
    case 'pairwise-test':
      return line(`a significant difference: ${extremes(results, a, c)}`);
  }
}

/** "5 percentage points" for a margin of 0.05. */
function percentPoints(margin: number): string {
  const x = Number((100 * margin).toPrecision(3));
  return `${x} percentage point${x === 1 ? '' : 's'}`;
}

/** The groups with the highest and lowest rate, with their rates. */
function extremes(results: Results, a: AlgorithmResult, c: Comparison): string {
  const factor = scaleOf(results, a, c);
  const label = (id: string): string => results.groups.find((g) => g.id === id)?.label ?? id;
  const rated = c.groups.map((g) => ({ label: label(g.group), rate: Math.min(1, (g.k / g.n) * factor) }));
  if (rated.length === 0) return 'the annex gives the groups';
  const hi = rated.reduce((x, y) => (y.rate > x.rate ? y : x));
  const lo = rated.reduce((x, y) => (y.rate < x.rate ? y : x));
  const show = (g: { label: string; rate: number }): string => `${g.label} (${c.metric === 'TPIR' ? `${percentFixed(g.rate)} recognised` : alertRate(g.rate, null, levelPercent(results))})`;
  return `${c.metric === 'TPIR' ? 'highest' : 'most false alerts'} ${show(hi)}, ${c.metric === 'TPIR' ? 'lowest' : 'fewest'} ${show(lo)}`;
}

/**
 * The lines at threshold `t` for algorithm `a`, recognition first, then false alerts, each by sex, ethnicity, both
 * together and age band; empty when no comparison was possible there.
 */
export function verdictLines(results: Results, a: AlgorithmResult, t: number): VerdictLine[] {
  const here = a.comparisons.filter((c) => sameThreshold(c.threshold, t));
  const rank = (c: Comparison): number => (c.metric === 'TPIR' ? 0 : 10) + LEVEL_ORDER.indexOf(c.level);
  return [...here].sort((x, y) => rank(x) - rank(y) || x.population.localeCompare(y.population)).map((c) => verdictLine(results, a, c));
}

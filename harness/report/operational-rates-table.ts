/**
 * The annex's compact table per operational threshold: every group's TPIR, FNIR and FPIR (each non-mated population,
 * and scaled to the operational watchlist) with k/n and the headline interval, before the full rate tables.
 */
import type { AlgorithmResult, Rate, Results } from '../analyse/results-schema.ts';
import { alertInterval, alertRate, count, percent, threshold as fmtT } from './format.ts';
import { esc, table } from './html.ts';
import { headlineInterval, LevelLabel, levelPercent, rateIndex } from './rate-lookup.ts';
import { groupAlertPopulation, watchlistRate } from './watchlist-rate.ts';

/** "89.2% (3,567/4,000; 88.2% to 90.1%)", or "n/a". */
function rateCell(r: Rate | undefined, results: Results): string {
  if (r === undefined || r.n === 0) return 'n/a';
  const i = headlineInterval(r, results);
  return `${percent(r.estimate)} <span class="kn">(${count(r.k)}/${count(r.n)}; ${percent(i.lower)} to ${percent(i.upper)})</span>`;
}

/**
 * One table per operational threshold of algorithm `a`: a row per group (intersections included, those below the
 * minimum cell size marked), columns TPIR, FNIR, FPIR of each non-mated population and FPIR at the watchlist size.
 */
export function operationalRatesTables(results: Results, a: AlgorithmResult): string {
  const ix = rateIndex(a);
  const level = levelPercent(results);
  const nonMated = a.populations.filter((p) => p.kind === 'non-mated').map((p) => p.id);
  const min = results.settings.minCellSize;
  const grouped = groupAlertPopulation(a);
  const head = ['Group', 'TPIR', 'FNIR', ...nonMated.map((p) => `FPIR (${p})`), `FPIR at the ${count(results.settings.watchlistSize)} watchlist`];
  return results.settings.operationalThresholds.map((t) => {
    const rows = results.groups.map((g) => {
      const tp = ix.get('TPIR', 'mated', g.id, t);
      const small = tp !== undefined && tp.n > 0 && tp.n < min ? ` <span class="suppressed">(below ${min})</span>` : '';
      const wl = watchlistRate(results, a, ix, { group: g.id, threshold: t, population: g.level === 'overall' ? null : grouped });
      const wlCell = wl === undefined ? 'n/a' : `${alertRate(wl.estimate, wl.upper, level)}${wl.estimate > 0 ? ` <span class="kn">(${alertInterval(wl.estimate, wl.lower, wl.upper)}; from ${esc(wl.population)})</span>` : ''}`;
      return [`${esc(g.label)}${g.level === 'overall' ? '' : ` <span class="kn">${esc(LevelLabel[g.level])}</span>`}${small}`, rateCell(tp, results), rateCell(ix.get('FNIR', 'mated', g.id, t), results),
        ...nonMated.map((p) => rateCell(ix.get('FPIR', p, g.id, t), results)), wlCell];
    });
    return `<div class="table-wrap" tabindex="0">${table(`Rates by group at threshold ${fmtT(t)} (${a.label}): estimate (k/n; ${level}% ${results.settings.headlineInterval} interval)`, head, rows)}</div>`;
  }).join('\n');
}

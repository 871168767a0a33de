/** Rates by site: each site's own results at the operational thresholds, overall and by group, for the site breakdown. */
import type { Results } from '../analyse/results-schema.ts';
import type { SiteRate } from './site-analysis-schema.ts';

/**
 * The TPIR rows (mated) and FPIR rows (every non-mated population) of algorithm `algorithm` in each site's results,
 * at the operational thresholds, for everyone and each sex, ethnicity and age band, with the headline interval.
 */
export function siteRates(bySite: ReadonlyMap<string, Results>, algorithm: string): SiteRate[] {
  const out: SiteRate[] = [];
  for (const [site, results] of bySite) {
    const ops = new Set(results.settings.operationalThresholds);
    const method = results.settings.headlineInterval;
    const levels = new Map(results.groups.map((g) => [g.id, g.level]));
    const a = results.algorithms.find((x) => x.id === algorithm);
    for (const r of a?.rates ?? []) {
      if (r.metric === 'FNIR' || !ops.has(r.threshold) || levels.get(r.group) === 'sex+ethnicity') continue;
      const i = r.intervals[method];
      out.push({ site, metric: r.metric, population: r.population, group: r.group, threshold: r.threshold, k: r.k, n: r.n, estimate: r.estimate, lower: i.lower, upper: i.upper });
    }
  }
  return out;
}

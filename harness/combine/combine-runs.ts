/**
 * `evenhand combine`: several runs (sites, deployments, forces) analysed as one study.
 *
 *   1. load      each run's record and protocol; refuse runs whose algorithm versions or analysed protocol settings differ
 *   2. merge     each algorithm's searches and candidates, ids qualified by run label, pooled and split by site
 *   3. analyse   the pooled tables (results.json) and each site's (sites/<id>/results.json), with the analysis as is
 *   4. stratify  every comparison between groups tested stratified by site (CMH, regression with a site term) and
 *                for a difference that varies by site (interaction, Breslow-Day), beside the pooled test -> sites.json
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { analyseCampaign } from '../analyse/analyse-campaign.ts';
import { loadResults } from '../analyse/load-results.ts';
import type { Results } from '../analyse/results-schema.ts';
import type { Exclusion } from '../analyse/run-inputs.ts';
import type { Campaign } from '../campaign/campaign.ts';
import { reconcileCandidates } from '../store/read-candidates.ts';
import { readSearches } from '../store/read-searches.ts';
import { checkCompatible } from './check-compatible.ts';
import { loadRuns, type LoadedRun } from './load-runs.ts';
import { mergeRuns, type MergedAlgorithm, type Site, type Strata } from './merge-runs.ts';
import type { SiteAnalysis } from './site-analysis-schema.ts';
import { siteComparisons } from './site-comparisons.ts';
import { siteRates } from './site-rates.ts';

/** What to combine. */
export interface CombineOptions {
  /** Run folders, each `DIR` or `LABEL=DIR`. */
  runs: readonly string[];
  /** Id and title of the combined study (default: from the runs'). */
  id?: string;
  /** Strata of the tests and of the breakdown: sites (default) or single deployments. */
  strata?: Strata;
  title?: string;
  log?: (line: string) => void;
}

/** A combined study, ready to write. */
export interface CombinedStudy {
  campaign: Campaign;
  runs: LoadedRun[];
  sites: Site[];
  /** The pooled analysis, with the runs' exclusions (each prefixed by its run's label). */
  results: Results;
  /** Each site's own analysis, by site id. */
  bySite: Map<string, Results>;
  siteAnalysis: SiteAnalysis;
}

/**
 * Combines the runs of `o`. Deterministic: the same runs give the same results.
 * @throws InputError for a folder that is not a run, runs that cannot be combined (naming the difference), or a
 * malformed table; nothing is written by this function.
 */
export function combineRuns(o: CombineOptions): CombinedStudy {
  const log = o.log ?? (() => undefined);
  const runs = loadRuns(o.runs);
  checkCompatible(runs);
  const first = runs[0] as LoadedRun;
  const campaign: Campaign = {
    ...first.campaign,
    id: o.id ?? `combined-${[...new Set(runs.map((r) => r.campaign.id))].join('-')}`.slice(0, 120),
    title: o.title ?? `Combined study: ${[...new Set(runs.map((r) => r.campaign.title))].join(' + ')}`,
    description: `${runs.length} runs analysed as one study, sites as strata: ${runs.map((r) => r.label).join(', ')}.`,
  };
  const scratch = mkdtempSync(path.join(tmpdir(), 'evenhand-combine-'));
  try {
    log(`merge ${runs.length} runs`);
    const merged = mergeRuns(runs, scratch, o.strata ?? 'site');
    log(`analyse the pooled tables and ${merged.sites.length} sites`);
    const results: Results = analyseCampaign(campaign, merged.algorithms.map((a) => ({ id: a.id, label: a.label, ...a.pooled })), { exclusions: runExclusions(runs) });
    const bySite = new Map<string, Results>();
    for (const site of merged.sites) {
      const inputs = merged.algorithms.flatMap((a) => {
        const files = a.bySite.get(site.id);
        return files === undefined ? [] : [{ id: a.id, label: a.label, ...files }];
      });
      if (inputs.length > 0) bySite.set(site.id, analyseCampaign({ ...campaign, title: `${campaign.title}: ${site.label}` }, inputs));
    }
    log('stratified tests');
    const siteIds = merged.sites.map((s) => s.id);
    const algorithms = merged.algorithms.map((a) => ({
      id: a.id, label: a.label, rates: siteRates(bySite, a.id),
      comparisons: siteComparisons({ campaign, algorithm: a.id, ...pooledSearches(campaign, a, merged.siteOfSearch.get(a.id), siteIds), siteIds, pooled: results, bySite }),
    }));
    const siteAnalysis: SiteAnalysis = {
      schemaVersion: 1,
      runs: runs.map((r) => ({ label: r.label, campaign: r.campaign.id, simulated: r.record.simulated })),
      sites: merged.sites.map((s) => ({ ...s })),
      settings: { strata: o.strata ?? 'site', alpha: campaign.analysis.alpha, correction: campaign.analysis.correction, interval: campaign.analysis.intervalMethod },
      algorithms,
    };
    return { campaign, runs, sites: merged.sites, results, bySite, siteAnalysis };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** The pooled searches of one algorithm (scores from candidates when the searches have none) and each row's site. */
function pooledSearches(campaign: Campaign, a: MergedAlgorithm, siteOf: ReadonlyMap<string, string> | undefined, siteIds: readonly string[]) {
  const searches = readSearches(a.pooled.searches, campaign);
  if (!searches.hasScores && a.pooled.candidates !== null) reconcileCandidates(a.pooled.candidates, searches, campaign.dimensions.ethnicity.map((c) => c.code));
  const siteOfRow = Int32Array.from({ length: searches.length }, (_, i) => siteIds.indexOf(siteOf?.get(searches.searchIds.text(i) ?? '') ?? ''));
  return { searches, siteOfRow };
}

/** Each run's own exclusions (from its results.json), labelled with the run. */
function runExclusions(runs: readonly LoadedRun[]): Exclusion[] {
  return runs.flatMap((r) => {
    const file = path.join(r.dir, 'results.json');
    if (!existsSync(file)) return [];
    return loadResults(file).runInputs.exclusions.map((e) => ({ ...e, run: r.label }));
  });
}

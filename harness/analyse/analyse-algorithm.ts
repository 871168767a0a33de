/** Analyses one algorithm's searches (and candidates): read, check, sweep thresholds, rates by group, tests between groups. */
import path from 'node:path';
import type { AdjudicationSummary } from '../adjudicate/index.ts';
import type { Campaign } from '../campaign/campaign.ts';
import type { ImportSummary } from '../import/index.ts';
import type { GroupLayout } from '../metrics/groups.ts';
import { sweep } from '../metrics/sweep.ts';
import { readSearches, type SearchesData } from '../store/read-searches.ts';
import { rateRows } from './rate-rows.ts';
import { failureToAcquire } from './acquisition.ts';
import { analyseConditions } from './analyse-conditions.ts';
import { candidatesInBackground } from './candidates-in-background.ts';
import { groupStatistics } from './group-statistics.ts';
import { scaledFpir } from './scaled-fpir.ts';
import type { AlgorithmResult } from './results-schema.ts';
import { stillSearchMetrics } from './still-search-metrics.ts';

/** The files of one algorithm's run. */
export interface AlgorithmInputs {
  id: string;
  label: string;
  searches: string;
  candidates: string | null;
  /** How the searches were made from footage (adjudication.json), when they were: carried into the results. */
  adjudication?: AdjudicationSummary | null;
  /** How the searches were made from a deployed system's log (import.json), when they were: carried into the results. */
  logImport?: ImportSummary | null;
}

/**
 * Results of one algorithm, and whether its data were simulated.
 * @throws InputError for a malformed table (file, column, row and what was expected).
 */
export function analyseAlgorithm(campaign: Campaign, layout: GroupLayout, inputs: AlgorithmInputs): { result: AlgorithmResult; simulated: boolean } {
  const searches = readSearches(inputs.searches, campaign);
  // a large candidates table is read and matched on a worker thread meanwhile (small ones here and now)
  const pending = inputs.candidates === null ? null : candidatesInBackground(campaign, inputs.candidates, searches);
  let analysed: ReturnType<typeof analyseSearches>;
  try {
    analysed = analyseSearches(campaign, layout, searches);
  } catch (err) {
    // a refused candidates table is named first, as when it was read before the searches were analysed
    pending?.();
    throw err;
  }
  const { conditions, counts, stats, rates } = analysed;
  const populations = counts.map((c) => c.population);
  // non-mated searches counted by source code, named once afterwards
  const bySource = new Int32Array(searches.source.labels.length);
  let mated = 0;
  let mateNotReturned = 0;
  const unknown = { sex: 0, ethnicity: 0, ageBand: 0 };
  const volunteerSource = searches.source.labels.indexOf('volunteer');
  const subjectCodes = searches.subject.codes;
  const subjectSeen = new Uint8Array(searches.subject.labels.length);
  let subjects = 0;
  for (let i = 0; i < searches.length; i++) {
    const isMated = searches.mated[i] === 1;
    if (isMated) {
      mated++;
      if (searches.mateRank[i] === 0) mateNotReturned++;
      const sub = subjectCodes[i] as number;
      if (sub >= 0 && subjectSeen[sub] === 0) {
        subjectSeen[sub] = 1;
        subjects++;
      }
    } else {
      (bySource[searches.source.codes[i] as number] as number)++;
    }
    if (isMated || searches.source.codes[i] === volunteerSource) {
      if (searches.demographics.sex[i] === -1) unknown.sex++;
      if (searches.demographics.ethnicity[i] === -1) unknown.ethnicity++;
      if (searches.demographics.ageBand[i] === -1) unknown.ageBand++;
    }
  }
  const nonMated: Record<string, number> = {};
  bySource.forEach((count, code) => {
    if (count > 0) nonMated[searches.source.labels[code] as string] = count;
  });
  const candidates = pending === null ? null : pending();
  const inputsList: AlgorithmResult['inputs'] = [{ role: 'searches', file: path.basename(inputs.searches), sha256: searches.sha256, rows: searches.length }];
  if (inputs.candidates !== null && candidates !== null) {
    inputsList.push({ role: 'candidates', file: path.basename(inputs.candidates), sha256: candidates.sha256, rows: candidates.rows });
  }
  return {
    simulated: searches.simulated,
    result: {
      id: inputs.id,
      label: inputs.label,
      inputs: inputsList,
      counts: {
        searches: searches.length,
        mated,
        subjects: searches.subject.labels.length === 0 ? null : subjects,
        nonMated: Object.fromEntries(Object.entries(nonMated).sort(([a], [b]) => a.localeCompare(b))),
        mateNotReturned,
        noCandidates: candidates?.searchesWithoutCandidates ?? null,
        unknown,
      },
      populations,
      rates,
      failureToAcquire: failureToAcquire(searches, layout, campaign.analysis.confidenceLevel),
      falseMatchPairs: candidates?.falseMatchPairs ?? [],
      scaledFpir: scaledFpir(campaign, populations, rates, candidates?.composition ?? []),
      comparisons: stats.comparisons,
      equityThresholds: stats.equityThresholds,
      regressions: stats.regressions,
      ...(conditions === null ? {} : { conditions }),
      ...(inputs.adjudication == null ? {} : { adjudication: inputs.adjudication }),
      ...(inputs.logImport == null ? {} : { logImport: inputs.logImport }),
      ...(campaign.useCase === 'lfr' ? {} : { stillSearch: stillSearchMetrics(campaign, layout, searches) }),
    },
  };
}

/** What the searches alone give: conditions, the threshold sweep, the groups' statistics and the rate rows. */
function analyseSearches(campaign: Campaign, layout: GroupLayout, searches: SearchesData) {
  const conditions = analyseConditions(campaign, layout, searches);
  const counts = sweep(searches, layout, campaign.thresholds, campaign.analysis.rank);
  const stats = groupStatistics(campaign, layout, searches, counts);
  const rates = rateRows(counts, layout, campaign.thresholds, campaign.analysis.confidenceLevel, stats.bootstrapIntervals);
  return { conditions, counts, stats, rates };
}

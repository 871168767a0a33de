/**
 * The analyse stage: a campaign, each algorithm's contract tables and the run's inputs -> results.json, the complete
 * hand-off to the reports (nothing after this stage patches it or rereads the protocol).
 *
 *   per algorithm: read + check -> sweep -> rates + intervals -> bootstrap -> comparisons at every threshold
 *                  -> equity thresholds -> regressions, scaled FPIR, false-match pairs
 *   + settings, groups, run inputs (policy, exclusions)
 */
import type { Campaign } from '../campaign/campaign.ts';
import { buildGroups } from '../metrics/groups.ts';
import { analyseAlgorithm, type AlgorithmInputs } from './analyse-algorithm.ts';
import { statisticsSettings } from './group-statistics.ts';
import { logImportExclusions } from './log-import-exclusions.ts';
import type { Results } from './results-schema.ts';
import { RESULTS_SCHEMA_VERSION } from './results-schema-version.ts';
import type { Exclusion } from './run-inputs.ts';
import { TOOL_VERSION } from '../core/version.ts';

/** What the analysis is told about the run besides the tables (recorded in results.json as `runInputs`). */
export interface AnalyseOptions {
  /** What was left out before the analysis (default none). */
  exclusions?: readonly Exclusion[];
}

/**
 * Analyses every algorithm's tables under `campaign`, recording the protocol's policy and the run's exclusions
 * (with what each log import left out).
 * Deterministic: the same inputs give byte-identical results.
 * @throws InputError for any malformed input, before anything is written.
 */
export function analyseCampaign(campaign: Campaign, algorithms: readonly AlgorithmInputs[], options: AnalyseOptions = {}): Results {
  const layout = buildGroups(campaign);
  const analysed = algorithms.map((a) => analyseAlgorithm(campaign, layout, a));
  const fromLogs = algorithms.flatMap((a) => (a.logImport == null ? [] : logImportExclusions(a.id, a.logImport)));
  const simulated = analysed.some((a) => a.simulated) || campaign.algorithms.some((a) => a.kind === 'simulated');
  return {
    $schema: 'https://evenhand.invalid/results.schema.json',
    schemaVersion: RESULTS_SCHEMA_VERSION,
    generator: { name: 'evenhand', version: TOOL_VERSION },
    campaign: { id: campaign.id, title: campaign.title, description: campaign.description, simulated },
    settings: {
      confidenceLevel: campaign.analysis.confidenceLevel,
      headlineInterval: campaign.analysis.intervalMethod,
      rank: campaign.analysis.rank,
      thresholds: campaign.thresholds,
      operationalThresholds: campaign.operationalThresholds,
      minCellSize: campaign.report.minCellSize,
      watchlistSize: campaign.watchlist.size,
      demographics: { ...campaign.dimensions },
      ...(campaign.useCase === 'lfr' ? {} : { useCase: { useCase: campaign.useCase, listLength: campaign.candidateList?.length ?? null, rank: campaign.analysis.rank, reviewThreshold: campaign.candidateList?.reviewThreshold ?? null } }),
      statistics: statisticsSettings(campaign),
    },
    runInputs: { policy: { ...campaign.policy }, exclusions: [...(options.exclusions ?? []), ...fromLogs].map((e) => ({ ...e, byGroup: { ...e.byGroup } })) },
    groups: layout.groups.map((g) => ({ id: g.id, level: g.level, label: g.label, codes: { ...g.codes } })),
    algorithms: analysed.map((a) => a.result),
  };
}

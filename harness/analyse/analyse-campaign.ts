/** The analyse stage: a campaign and each algorithm's contract tables -> results.json. */
import type { Campaign } from '../campaign/campaign.ts';
import { buildGroups } from '../metrics/groups.ts';
import { analyseAlgorithm, type AlgorithmInputs } from './analyse-algorithm.ts';
import { statisticsSettings } from './group-statistics.ts';
import { logImportExclusions } from './log-import-exclusions.ts';
import type { Results } from './results-schema.ts';
import { TOOL_VERSION } from '../core/version.ts';

/**
 * Analyses every algorithm's tables under `campaign`; what a log import left out goes into `exclusions`. Deterministic: the same inputs give byte-identical results.
 * @throws InputError for any malformed input, before anything is written.
 */
export function analyseCampaign(campaign: Campaign, algorithms: readonly AlgorithmInputs[]): Results {
  const layout = buildGroups(campaign);
  const analysed = algorithms.map((a) => analyseAlgorithm(campaign, layout, a));
  const exclusions = algorithms.flatMap((a) => (a.logImport == null ? [] : logImportExclusions(a.id, a.logImport)));
  const simulated = analysed.some((a) => a.simulated) || campaign.algorithms.some((a) => a.kind === 'simulated');
  return {
    $schema: 'https://evenhand.invalid/results.schema.json',
    schemaVersion: 1,
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
      statistics: statisticsSettings(campaign),
    },
    groups: layout.groups.map((g) => ({ id: g.id, level: g.level, label: g.label, codes: { ...g.codes } })),
    algorithms: analysed.map((a) => a.result),
    ...(exclusions.length === 0 ? {} : { exclusions }),
  };
}

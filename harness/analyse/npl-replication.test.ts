import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProtocol } from '../campaign/load-protocol.ts';
import { simulateCampaign, SimulationFiles, writeSimulation } from '../simulate/index.ts';
import { analyseCampaign } from './analyse-campaign.ts';

// One campaign of the replication protocol (its crowd left out: it has no demographics, so no part in the tests
// between groups). scripts/npl-replication.ts measures the same over 200 seeds.
describe('the NPL 2023 replication protocol', () => {
  const campaign = loadProtocol('protocols/npl-2023-replication.json');
  const dir = mkdtempSync(path.join(tmpdir(), 'evenhand-npl-replication-'));
  if (campaign.simulation === null) throw new Error('the replication protocol has a simulation block');
  writeSimulation(dir, simulateCampaign(campaign, { ...campaign.simulation, crowdSearches: 0 }, 2023), { protocol: campaign.id, seed: 2023 });
  const results = analyseCampaign(campaign, [{ id: 'sim', label: 'sim', searches: path.join(dir, SimulationFiles.searches), candidates: null }]);
  const a = results.algorithms[0];
  const fpir = (a?.comparisons ?? []).filter((c) => c.metric === 'FPIR' && c.level === 'ethnicity');

  it('finds Black volunteers falsely matched significantly more often at low thresholds, and no difference at high ones', () => {
    expect(fpir.map((c) => c.threshold)).toEqual(campaign.thresholds);
    for (const c of fpir.filter((x) => x.threshold <= 0.56)) {
      expect(c.verdict, `at ${c.threshold}`).toBe('significant-difference');
      const highest = [...c.groups].sort((x, y) => y.k / y.n - x.k / x.n)[0];
      expect(highest?.group).toBe('ethnicity:black');
    }
    for (const c of fpir.filter((x) => x.threshold >= 0.64)) expect(c.verdict, `at ${c.threshold}`).not.toBe('significant-difference');
  });

  it('reports where equity starts for false matches by ethnicity, with the thresholds where a difference is significant', () => {
    const e = a?.equityThresholds.find((x) => x.metric === 'FPIR' && x.population === 'filler_probe' && x.level === 'ethnicity');
    expect(e?.tested).toBe(campaign.thresholds.length);
    expect(e?.threshold).toBeGreaterThanOrEqual(0.58);
    expect(e?.threshold).toBeLessThanOrEqual(0.64);
    expect(e?.significantAt).toEqual(fpir.filter((c) => c.verdict === 'significant-difference').map((c) => c.threshold));
    console.log(`replication, seed 2023: FPIR by ethnicity significant at ${e?.significantAt.join(', ')}; equity threshold ${e?.threshold}`);
  });
});

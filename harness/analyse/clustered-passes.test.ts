import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProtocol } from '../campaign/load-protocol.ts';
import { simulateCampaign, writeSimulation, SimulationFiles } from '../simulate/index.ts';
import { analyseCampaign } from './analyse-campaign.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'evenhand-clustered-'));
const protocolFile = path.join(dir, 'p.json');
// Strongly alike passes (each volunteer has an own mean score) and no true difference between groups.
writeFileSync(protocolFile, JSON.stringify({
  id: 'clustered', title: 'Clustered passes', algorithms: [{ id: 'sim', kind: 'simulated' }], thresholds: [0.6], operationalThresholds: [0.6],
  watchlist: { size: 1000 }, analysis: { bootstrap: { replicates: 100 } },
  simulation: { volunteers: 300, passesPerVolunteer: 10, crowdSearches: 0, fillerGallerySize: 1000, sameEthnicityImpostorShift: 0,
    genuine: { mean: 0.74, sd: 0.05, volunteerSd: 0.08 } },
}));

describe('tests between groups with clustered passes', () => {
  it('reject at about alpha when groups do not differ, though passes of one volunteer are alike', () => {
    const campaign = loadProtocol(protocolFile);
    let tests = 0;
    let rejected = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const sim = simulateCampaign(campaign, campaign.simulation!, seed);
      const out = path.join(dir, String(seed));
      writeSimulation(out, sim, {});
      const results = analyseCampaign(campaign, [{ id: 'sim', label: 'sim', searches: path.join(out, SimulationFiles.searches), candidates: null }]);
      for (const c of results.algorithms[0]?.comparisons ?? []) {
        if (c.metric !== 'TPIR' || c.level !== 'ethnicity' || c.homogeneity.pValue === null) continue;
        tests++;
        if (c.homogeneity.pValue < 0.05) rejected++;
      }
    }
    console.log(`TPIR by ethnicity, no true difference, 10 alike passes per volunteer: ${rejected} of ${tests} homogeneity tests reject at alpha = 0.05`);
    expect(tests).toBe(40);
    expect(rejected / tests).toBeLessThanOrEqual(0.125);
  });
});

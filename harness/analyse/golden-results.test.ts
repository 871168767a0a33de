import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProtocol } from '../campaign/load-protocol.ts';
import { checkGolden } from '../core/golden.ts';
import { simulateCampaign, writeSimulation, SimulationFiles } from '../simulate/index.ts';
import { analyseCampaign } from './analyse-campaign.ts';

describe('results.json golden file', () => {
  it('a small fixed-seed campaign gives byte-identical results', () => {
    const campaign = loadProtocol('protocols/examples/small-simulated.json');
    const dir = mkdtempSync(path.join(tmpdir(), 'evenhand-golden-'));
    writeSimulation(dir, simulateCampaign(campaign, campaign.simulation!, 7), { protocol: campaign.id, seed: 7 });
    const results = analyseCampaign(campaign, [{ id: 'simulated-small', label: 'simulated-small', searches: path.join(dir, SimulationFiles.searches), candidates: path.join(dir, SimulationFiles.candidates) }]);
    const outcome = checkGolden('small-simulated-seed7.results.json', `${JSON.stringify(results, null, 1)}\n`, { ci: process.env.CI === 'true', dir: 'harness/analyse/golden' });
    expect(outcome.ok, outcome.ok ? '' : outcome.message).toBe(true);
  });
});

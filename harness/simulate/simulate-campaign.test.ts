import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProtocol } from '../campaign/load-protocol.ts';
import { analyseCampaign } from '../analyse/analyse-campaign.ts';
import type { Results } from '../analyse/results-schema.ts';
import { simulateCampaign } from './simulate-campaign.ts';
import { writeSimulation, SimulationFiles } from './write-simulation.ts';

function run(protocol: string, seed: number): { results: Results; truth: ReturnType<typeof simulateCampaign>['truth'] } {
  const campaign = loadProtocol(protocol);
  if (campaign.simulation === null) throw new Error('protocol without simulation');
  const sim = simulateCampaign(campaign, campaign.simulation, seed);
  const dir = mkdtempSync(path.join(tmpdir(), 'evenhand-sim-'));
  writeSimulation(dir, sim, { protocol: campaign.id, seed });
  const results = analyseCampaign(campaign, [{ id: 'sim', label: 'sim', searches: path.join(dir, SimulationFiles.searches), candidates: path.join(dir, SimulationFiles.candidates) }]);
  return { results, truth: sim.truth };
}

function truthOf(truth: ReturnType<typeof simulateCampaign>['truth'], population: string, group: string, t: number): number {
  const row = truth.rates.find((r) => r.population === population && r.group === group);
  const i = truth.thresholds.indexOf(t);
  if (row === undefined || i < 0) throw new Error(`no truth for ${population} ${group} ${t}`);
  return row.values[i] as number;
}

describe('simulateCampaign', () => {
  it('is deterministic for a seed and marks its data simulated', () => {
    const campaign = loadProtocol('protocols/examples/small-simulated.json');
    const a = simulateCampaign(campaign, campaign.simulation!, 3);
    const b = simulateCampaign(campaign, campaign.simulation!, 3);
    const c = simulateCampaign(campaign, campaign.simulation!, 4);
    expect(a).toEqual(b);
    expect(a.searches.values('mate_score')).not.toEqual(c.searches.values('mate_score'));
    expect(run('protocols/examples/small-simulated.json', 3).results.campaign.simulated).toBe(true);
  });

  it('at NPL scale resembles NPL (TPIR about 0.89, FPIR about 1 in 6,000 at 0.6) and its intervals cover the truth', () => {
    const { results, truth } = run('protocols/npl-2023-lfr.json', 11);
    const a = results.algorithms[0]!;
    expect(a.counts.mated).toBe(4000);
    expect(a.counts.nonMated.crowd).toBe(130_000);
    expect(truthOf(truth, 'mated', 'overall', 0.6)).toBeGreaterThan(0.87);
    expect(truthOf(truth, 'mated', 'overall', 0.6)).toBeLessThan(0.91);
    const crowdTruth = truthOf(truth, 'crowd', 'overall', 0.6);
    expect(1 / crowdTruth).toBeGreaterThan(5000);
    expect(1 / crowdTruth).toBeLessThan(7000);
    let cells = 0;
    let covered = 0;
    for (const r of a.rates) {
      if (r.metric === 'FNIR' || r.n < 50 || r.threshold < 0.5 || r.threshold > 0.7) continue;
      const t = truthOf(truth, r.population, r.group, r.threshold);
      const iv = r.intervals['clopper-pearson'];
      cells++;
      if (iv.lower <= t && t <= iv.upper) covered++;
    }
    const coverage = covered / cells;
    console.log(`simulated NPL campaign, seed 11: 95% Clopper-Pearson intervals cover the true rate in ${covered} of ${cells} cells (${(coverage * 100).toFixed(1)}%)`);
    // Cells share searches and passes of one volunteer are correlated, so coverage is checked loosely here;
    // the statistics tests measure calibration over thousands of campaigns.
    expect(coverage).toBeGreaterThan(0.85);
  });

  it('with an injected impostor-tail differential, the affected group\'s FPIR exceeds the others\' by about the injected amount', () => {
    const { results, truth } = run('protocols/examples/impostor-tail.yaml', 5);
    const a = results.algorithms[0]!;
    const at = (group: string): { est: number; n: number } => {
      const r = a.rates.find((x) => x.metric === 'FPIR' && x.population === 'filler_probe' && x.group === group && x.threshold === 0.6)!;
      return { est: r.estimate!, n: r.n };
    };
    const black = at('ethnicity:black');
    const white = at('ethnicity:white');
    const observed = black.est - white.est;
    const injected = truthOf(truth, 'filler_probe', 'ethnicity:black', 0.6) - truthOf(truth, 'filler_probe', 'ethnicity:white', 0.6);
    const se = Math.sqrt((black.est * (1 - black.est)) / black.n + (white.est * (1 - white.est)) / white.n);
    console.log(`impostor tail x1.15 for Black subjects at 0.60: FPIR difference observed ${observed.toFixed(4)}, true ${injected.toFixed(4)} (se ${se.toFixed(4)})`);
    expect(injected).toBeGreaterThan(0.05);
    expect(observed).toBeGreaterThan(0);
    expect(Math.abs(observed - injected)).toBeLessThan(3 * se);
    for (const other of ['ethnicity:asian', 'ethnicity:white', 'ethnicity:other']) expect(black.est).toBeGreaterThan(at(other).est);
  });
});

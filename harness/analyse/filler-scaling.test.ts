import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProtocol } from '../campaign/load-protocol.ts';
import { personModel, simulateCampaign, trueFpir, writeSimulation, SimulationFiles } from '../simulate/index.ts';
import { analyseCampaign } from './analyse-campaign.ts';
import { scaleFpirBySize } from './scaled-fpir.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'evenhand-scaling-'));
const protocolFile = path.join(dir, 'p.json');
const shift = 0.04;
writeFileSync(protocolFile, JSON.stringify({
  id: 'scaling', title: 'Scaling', algorithms: [{ id: 'sim', kind: 'simulated' }],
  thresholds: [0.5, 0.55], operationalThresholds: [0.5],
  watchlist: { size: 10_000, composition: { ethnicity: { asian: 0.1, black: 0.4, mixed: 0.1, white: 0.3, other: 0.1 } } },
  fillerGallery: { size: 200_000 },
  simulation: { volunteers: 500, passesPerVolunteer: 10, crowdSearches: 0, candidatesPerSearch: 20, sameEthnicityImpostorShift: shift,
    volunteerMix: { ethnicity: { asian: 0.2, black: 0.2, mixed: 0.2, white: 0.2, other: 0.2 } } },
}));

describe('filler-gallery FPIR scaled to the watchlist, and who is matched to whom', () => {
  const campaign = loadProtocol(protocolFile);
  const sim = simulateCampaign(campaign, campaign.simulation!, 9);
  writeSimulation(dir, sim, {});
  const results = analyseCampaign(campaign, [{ id: 'sim', label: 'sim', searches: path.join(dir, SimulationFiles.searches), candidates: path.join(dir, SimulationFiles.candidates) }]);
  const a = results.algorithms[0]!;

  it('size scaling is 1 - (1 - p)^(Nw/Nf), the identity at equal sizes, monotone for the bounds', () => {
    expect(scaleFpirBySize(0.2, 100, 100)).toBeCloseTo(0.2, 15);
    expect(scaleFpirBySize(0.19, 178_000, 10_000)).toBeCloseTo(1 - 0.81 ** (10_000 / 178_000), 15);
    const row = a.scaledFpir!.find((r) => r.method === 'size' && r.group === 'overall' && r.threshold === 0.5)!;
    expect(row.lower!).toBeLessThanOrEqual(row.estimate!);
    expect(row.estimate!).toBeLessThanOrEqual(row.upper!);
  });

  it('size-and-composition scaling recovers the true FPIR of each group against the operational watchlist', () => {
    const codes = campaign.dimensions.ethnicity.map((c) => c.code);
    for (const [e, code] of codes.entries()) {
      const model = personModel(campaign.simulation!, campaign, { sex: 0, ethnicity: e, ageBand: 0 });
      const watchlist = codes.map((c, h) => ({ n: 10_000 * (campaign.watchlist.composition.ethnicity?.[c] ?? 0), mean: model.impostorMean + (h === e ? shift : 0), sd: model.impostorSd }));
      const truth = trueFpir(watchlist, 0.5);
      const row = a.scaledFpir!.find((r) => r.method === 'size-and-composition' && r.group === `ethnicity:${code}`)!;
      console.log(`scaled FPIR at 0.50, ${code}: estimate ${row.estimate!.toExponential(3)}, truth ${truth.toExponential(3)}`);
      expect(Math.abs(row.estimate! / truth - 1)).toBeLessThan(0.15);
    }
  });

  it('cross tables put more false matches within the same ethnicity than the gallery shares predict', () => {
    const pairs = a.falseMatchPairs!.filter((p) => p.population === 'filler_probe' && p.threshold === 0.5);
    const same = pairs.filter((p) => p.probeEthnicity === p.galleryEthnicity).reduce((s, p) => s + p.alerts, 0);
    const all = pairs.reduce((s, p) => s + p.alerts, 0);
    expect(all).toBeGreaterThan(50);
    expect(same / all).toBeGreaterThan(0.2 * 1.5); // balanced filler gallery: 20% expected without clustering
  });

  it('reports failure to acquire by group', () => {
    const overall = a.failureToAcquire!.find((r) => r.group === 'overall')!;
    expect(overall.n).toBe(5000);
    expect(overall.estimate!).toBeGreaterThan(0.01);
    expect(overall.estimate!).toBeLessThan(0.03);
  });
});

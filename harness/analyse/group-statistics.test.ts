import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { loadProtocol } from '../campaign/load-protocol.ts';
import { SimulationSchema } from '../campaign/protocol-schema.ts';
import { simulateCampaign, writeSimulation, SimulationFiles } from '../simulate/index.ts';
import { analyseCampaign } from './analyse-campaign.ts';
import { ResultsSchema, type Results } from './results-schema.ts';
import { compareGroups, type CompareSettings } from './compare-groups.ts';
import { buildGroups } from '../metrics/groups.ts';
import type { PopulationCounts } from '../metrics/sweep.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'evenhand-stats-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A small NPL-style campaign, simulated, optionally with Black volunteers' mates scoring 0.08 lower. */
function simulate(name: string, shift: number): string {
  const campaign = loadProtocol(path.join(root, 'protocols/npl-2023-lfr.json'));
  const sim = SimulationSchema.parse({
    ...campaign.simulation, volunteers: 300, crowdSearches: 3000,
    differentials: shift === 0 ? [] : [{ dimension: 'ethnicity', code: 'black', genuineMeanShift: shift }],
  });
  const dir = path.join(tmp, name);
  writeSimulation(dir, simulateCampaign(campaign, sim, 7), { protocol: campaign.id, seed: 7 });
  return path.join(dir, SimulationFiles.searches);
}

function analyse(searches: string): Results {
  const campaign = loadProtocol(path.join(root, 'protocols/npl-2023-lfr.json'));
  return analyseCampaign(campaign, [{ id: 'sim', label: 'Simulated', searches, candidates: null }]);
}

describe('analyse: statistics between groups', () => {
  const plainFile = simulate('plain', 0);
  const plain = analyse(plainFile);
  const alg = plain.algorithms[0];
  it('fills comparisons, regressions, cluster-bootstrap intervals and settings, valid against the schema', () => {
    expect(ResultsSchema.safeParse(plain).success).toBe(true);
    expect(plain.settings.statistics?.bootstrap).toEqual({ replicates: 2000, unit: 'subject', seed: 2023 });
    const comps = alg?.comparisons ?? [];
    // TPIR on mated + FPIR on filler_probe (the crowd's demographics are unrecorded), 4 levels, 2 thresholds
    expect(comps.map((c) => `${c.metric}/${c.population}`).filter((x, i, a) => a.indexOf(x) === i)).toEqual(['TPIR/mated', 'FPIR/filler_probe']);
    expect(comps.length).toBe(2 * 4 * 2);
    for (const c of comps) expect(c.verdictText.length).toBeGreaterThan(20);
    const tpir = alg?.rates.find((r) => r.metric === 'TPIR' && r.group === 'overall' && r.threshold === 0.6);
    const boot = tpir?.intervals['cluster-bootstrap'];
    expect(boot).toBeDefined();
    expect(boot?.lower).toBeLessThan(tpir?.estimate as number);
    expect(boot?.upper).toBeGreaterThan(tpir?.estimate as number);
    expect(alg?.rates.find((r) => r.metric === 'FPIR')?.intervals['cluster-bootstrap']).toBeUndefined();
    expect(alg?.regressions?.map((r) => `${r.outcome}/${r.population}/${r.threshold}`)).toEqual(['miss/mated/0.6', 'false-alert/filler_probe/0.6']);
    const miss = alg?.regressions?.[0];
    expect(miss?.clusters).toBe(300);
    expect(miss?.waldTests.map((w) => w.terms)).toContain('sex:ethnicity');
  });
  it('is byte-identical when run again', () => {
    expect(JSON.stringify(analyse(plainFile)) === JSON.stringify(plain)).toBe(true);
  });
  it('finds a true TPIR differential by ethnicity', () => {
    const shifted = analyse(simulate('shifted', -0.08));
    const c = shifted.algorithms[0]?.comparisons?.find((x) => x.metric === 'TPIR' && x.level === 'ethnicity' && x.threshold === 0.6);
    expect(c?.verdict).toBe('significant-difference');
    expect(c?.verdictText).toMatch(/lowest Black/);
    const wald = shifted.algorithms[0]?.regressions?.[0]?.waldTests.find((w) => w.terms === 'ethnicity');
    expect(wald?.pValue).toBeLessThan(0.05);
  });
});

describe('compareGroups verdicts', () => {
  const campaign = loadProtocol(path.join(root, 'protocols/npl-2023-lfr.json'));
  const layout = buildGroups(campaign);
  const settings: CompareSettings = { alpha: 0.05, correction: 'holm', equivalenceMargin: 0.05, fpirEquivalenceRatio: 2, confidenceLevel: 0.95, minCellSize: 20, seed: 1, minPower: 0.8 };
  /** Counts with the two sex groups at (k, n) each, one threshold. */
  const counts = (kf: number, nf: number, km: number, nm: number): PopulationCounts => {
    const G = layout.groups.length;
    const n = new Int32Array(G);
    const hits = new Int32Array(G);
    n[layout.offset.sex] = nf;
    hits[layout.offset.sex] = kf;
    n[layout.offset.sex + 1] = nm;
    hits[layout.offset.sex + 1] = km;
    n[0] = nf + nm;
    hits[0] = kf + km;
    return { population: { id: 'mated', kind: 'mated', gallerySize: null }, n, hits };
  };
  const verdict = (pc: PopulationCounts): string => compareGroups(pc, layout, 'sex', 0, [0.6], settings, null, 0).verdict;
  it('equivalent, significant, too small and no significant difference', () => {
    expect(verdict(counts(1780, 2000, 1785, 2000))).toBe('equivalent');
    expect(verdict(counts(1700, 2000, 1800, 2000))).toBe('significant-difference');
    expect(verdict(counts(27, 30, 26, 30))).toBe('too-small-to-tell');
    expect(verdict(counts(10, 30, 30, 30))).toBe('significant-difference');
    expect(verdict(counts(887, 1000, 860, 1000))).toBe('no-significant-difference');
    expect(verdict(counts(5, 10, 6, 10))).toBe('too-small-to-tell'); // below the minimum cell size
  });
  it('FPIR: equivalence is on the ratio; a handful of alerts is too small to tell', () => {
    const fpir = (kf: number, nf: number, km: number, nm: number): PopulationCounts => ({ ...counts(kf, nf, km, nm), population: { id: 'filler_probe', kind: 'non-mated', gallerySize: null } });
    expect(verdict(fpir(3, 2000, 4, 2000))).toBe('too-small-to-tell');
    expect(verdict(fpir(1000, 2_000_000, 1040, 2_000_000))).toBe('equivalent');
    expect(compareGroups(fpir(1000, 2_000_000, 1040, 2_000_000), layout, 'sex', 0, [0.6], settings, null, 0).verdictText).toMatch(/within a factor of 2 \(largest ratio 1.04\)/);
  });
  it('differential indices say when they are undefined', () => {
    const c = compareGroups(counts(30, 30, 28, 30), layout, 'sex', 0, [0.6], settings, null, 0);
    expect(c.differentials.maxMinRatio.value).toBeNull();
    expect(c.differentials.maxMinRatio.note).toMatch(/rate of 0/);
  });
});

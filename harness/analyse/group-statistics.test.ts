import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { loadProtocol } from '../campaign/load-protocol.ts';
import { SimulationSchema } from '../campaign/protocol-schema.ts';
import { simulateCampaign, writeSimulation, SimulationFiles } from '../simulate/index.ts';
import { analyseCampaign } from './analyse-campaign.ts';
import { ResultsSchema, type Comparison, type Results } from './results-schema.ts';
import { compareGroups, type CompareSettings } from './compare-groups.ts';
import { buildGroups } from '../metrics/groups.ts';
import type { PopulationCounts } from '../metrics/sweep.ts';
import { groupClusterMoments } from '../stats/cluster-design-effect.ts';
import { clusterBootstrap, derivedPercentileInterval, differenceBcaInterval } from '../stats/cluster-bootstrap.ts';
import { countBootstrap } from '../stats/count-bootstrap.ts';
import { readSearches } from '../store/read-searches.ts';
import { populationClusters } from './population-clusters.ts';
import { fitRegressions } from './fit-regressions.ts';
import type { RegressionJob } from './regression-job.ts';
import { regressionsInBackground } from './regressions-in-background.ts';
import { compareSettings, populationsStatistics, type PopulationInput } from './population-statistics.ts';
import { statisticsInBackground } from './statistics-in-background.ts';
import { sweep } from '../metrics/sweep.ts';

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
    expect(plain.settings.statistics.bootstrap).toEqual({ replicates: 2000, unit: 'subject', seed: 2023 });
    const comps = alg?.comparisons ?? [];
    // TPIR on mated + FPIR on filler_probe (the crowd's demographics are unrecorded), 4 levels, every one of the 41 thresholds
    expect(comps.map((c) => `${c.metric}/${c.population}`).filter((x, i, a) => a.indexOf(x) === i)).toEqual(['TPIR/mated', 'FPIR/filler_probe']);
    expect(comps.length).toBe(2 * 4 * 41);
    expect(new Set(comps.map((c) => c.threshold)).size).toBe(41);
    // the power is given wherever a test was possible, and only there
    for (const c of comps) expect(c.power === null).toBe(c.homogeneity.pValue === null);
    expect(comps.filter((c) => c.power !== null).length).toBeGreaterThan(200);
    // one equity threshold per error type and grouping
    expect(alg?.equityThresholds.map((e) => `${e.metric}/${e.level}`).sort()).toEqual(
      ['FPIR/ageBand', 'FPIR/ethnicity', 'FPIR/sex', 'FPIR/sex+ethnicity', 'TPIR/ageBand', 'TPIR/ethnicity', 'TPIR/sex', 'TPIR/sex+ethnicity']);
    const tpir = alg?.rates.find((r) => r.metric === 'TPIR' && r.group === 'overall' && r.threshold === 0.6);
    const boot = tpir?.intervals['cluster-bootstrap'];
    expect(boot).toBeDefined();
    expect(boot?.lower).toBeLessThan(tpir?.estimate as number);
    expect(boot?.upper).toBeGreaterThan(tpir?.estimate as number);
    expect(alg?.rates.find((r) => r.metric === 'FPIR')?.intervals['cluster-bootstrap']).toBeUndefined();
    expect(alg?.regressions.map((r) => `${r.outcome}/${r.population}/${r.threshold}`)).toEqual(['miss/mated/0.6', 'false-alert/filler_probe/0.6']);
    const miss = alg?.regressions[0];
    expect(miss?.clusters).toBe(300);
    expect(miss?.waldTests.map((w) => w.terms)).toContain('sex:ethnicity');
  });
  it('fits the regressions on a worker thread to the same bits as on this thread (small jobs stay here)', () => {
    const campaign = loadProtocol(path.join(root, 'protocols/npl-2023-lfr.json'));
    const layout = buildGroups(campaign);
    const searches = readSearches(plainFile, campaign);
    const a = campaign.analysis;
    const t = campaign.thresholds.indexOf(0.6);
    const mated = populationClusters(searches, layout, campaign.thresholds, a.rank, { kind: 'mated' }, 'subject');
    const filler = populationClusters(searches, layout, campaign.thresholds, a.rank, { kind: 'non-mated', source: 'filler_probe' }, 'subject');
    const jobs: RegressionJob[] = [{ clusters: mated, t, outcome: 'miss', population: 'mated' }, { clusters: filler, t, outcome: 'false-alert', population: 'filler_probe' }];
    const here = fitRegressions({ campaign, jobs, level: a.confidenceLevel });
    const threaded = regressionsInBackground(campaign, jobs, a.confidenceLevel, { minClusters: 0 });
    expect(JSON.stringify(threaded())).toBe(JSON.stringify(here));
    expect(threaded()).toBe(threaded());
    expect(threaded.fittedOn()).toBe('worker');
    // what analyse recorded (300 volunteers: fitted on this thread) is the same again
    expect(JSON.stringify(alg?.regressions)).toBe(JSON.stringify(here));
    const small = regressionsInBackground(campaign, jobs, a.confidenceLevel);
    expect(JSON.stringify(small())).toBe(JSON.stringify(here));
    expect(small.fittedOn()).toBe('this thread');
    expect(regressionsInBackground(campaign, [], a.confidenceLevel, { minClusters: 0 })()).toEqual([]);
    // a worker that does not answer in time (here: at once, before it can have started) is stopped and the fits made here
    const late = regressionsInBackground(campaign, jobs, a.confidenceLevel, { minClusters: 0, waitMs: 0 });
    expect(JSON.stringify(late())).toBe(JSON.stringify(here));
    expect(late.fittedOn()).toBe('this thread');
  });
  it('computes the non-mated populations on a worker thread to the same bits as on this thread, and analyse records the same', () => {
    const campaign = loadProtocol(path.join(root, 'protocols/npl-2023-lfr.json'));
    const layout = buildGroups(campaign);
    const searches = readSearches(plainFile, campaign);
    const a = campaign.analysis;
    const counts = sweep(searches, layout, campaign.thresholds, a.rank);
    const populations: PopulationInput[] = [];
    counts.forEach((pc, p) => {
      if (pc.population.kind !== 'non-mated' || pc.population.id !== 'filler_probe') return;
      const clusters = populationClusters(searches, layout, campaign.thresholds, a.rank, { kind: 'non-mated', source: pc.population.id }, 'subject');
      populations.push({ p, counts: pc, clusters, bySubject: clusters });
    });
    expect(populations).toHaveLength(1);
    const here = populationsStatistics({ campaign, layout, populations });
    expect(here[0]?.comparisons.length).toBe(campaign.thresholds.length * 4);
    const threaded = statisticsInBackground(campaign, layout, populations, { minClusters: 0 });
    expect(JSON.stringify(threaded())).toBe(JSON.stringify(here));
    expect(threaded.ranOn()).toBe('worker');
    // what analyse recorded for the filler probes (300 volunteers: computed on this thread) is the same again
    expect(JSON.stringify(alg?.comparisons.filter((c) => c.population === 'filler_probe'))).toBe(JSON.stringify(here[0]?.comparisons));
    const small = statisticsInBackground(campaign, layout, populations);
    expect(small.ranOn()).toBe(null);
    expect(JSON.stringify(small())).toBe(JSON.stringify(here));
    expect(small.ranOn()).toBe('this thread');
    const late = statisticsInBackground(campaign, layout, populations, { minClusters: 0, waitMs: 0 });
    expect(JSON.stringify(late())).toBe(JSON.stringify(here));
    expect(late.ranOn()).toBe('this thread');
  });
  it('gives each pairwise difference the BCa interval of differenceBcaInterval on the cluster bootstrap the rates use', () => {
    const campaign = loadProtocol(path.join(root, 'protocols/npl-2023-lfr.json'));
    const layout = buildGroups(campaign);
    const searches = readSearches(plainFile, campaign);
    const a = campaign.analysis;
    let checked = 0;
    (alg?.populations ?? []).forEach((pop, p) => {
      const comps = (alg?.comparisons ?? []).filter((c) => c.population === pop.id);
      if (comps.length === 0) return;
      const selector = pop.kind === 'mated' ? { kind: 'mated' as const } : { kind: 'non-mated' as const, source: pop.id };
      const clusters = populationClusters(searches, layout, campaign.thresholds, a.rank, selector, a.bootstrap.unit);
      const boot = clusterBootstrap(clusters, a.bootstrap.replicates, a.bootstrap.seed + p);
      const groupIndex = (id: string): number => layout.groups.findIndex((g) => g.id === id);
      for (const c of comps.filter((x) => x.threshold === 0.56 || x.threshold === 0.6)) {
        for (const pair of c.pairwise) {
          const ci = differenceBcaInterval(boot, clusters, { a: groupIndex(pair.a), b: groupIndex(pair.b), column: campaign.thresholds.indexOf(c.threshold), level: a.confidenceLevel });
          expect(pair.bootstrap).toEqual({ method: 'bca', lower: ci.lower, upper: ci.upper });
          expect(pair.bootstrap?.lower).toBeLessThanOrEqual(pair.difference);
          expect(pair.bootstrap?.upper).toBeGreaterThanOrEqual(pair.difference);
          checked++;
        }
      }
    });
    // mated and filler_probe (both clustered by volunteer), sex 1 + ethnicity 10 + sex x ethnicity up to 45 + age 3 pairs, 2 thresholds
    expect(checked).toBeGreaterThan(100);
  });
  it('reuses intervals only where a threshold repeats an earlier one\'s counts, with the intervals computed afresh', () => {
    const campaign = loadProtocol(path.join(root, 'protocols/npl-2023-lfr.json'));
    const layout = buildGroups(campaign);
    const searches = readSearches(plainFile, campaign);
    const counts = sweep(searches, layout, campaign.thresholds, campaign.analysis.rank);
    const a = campaign.analysis;
    let repeats = 0;
    (alg?.populations ?? []).forEach((pop, p) => {
      const pc = counts.find((c) => c.population.id === pop.id);
      const comps = (alg?.comparisons ?? []).filter((c) => c.population === pop.id);
      if (pc === undefined || comps.length === 0) return;
      const selector = pop.kind === 'mated' ? { kind: 'mated' as const } : { kind: 'non-mated' as const, source: pop.id };
      const clusters = populationClusters(searches, layout, campaign.thresholds, a.rank, selector, a.bootstrap.unit);
      const boot = clusterBootstrap(clusters, a.bootstrap.replicates, a.bootstrap.seed + p);
      const seen = new Set<string>();
      for (const c of comps) {
        const key = `${c.level}:${c.groups.map((g) => g.k).join(',')}`;
        if (!seen.has(key)) {
          seen.add(key);
          continue;
        }
        // a threshold whose compared groups have the hits of an earlier one: the analysis reused that one's intervals
        const t = campaign.thresholds.indexOf(c.threshold);
        const fresh = compareGroups({
          counts: pc, layout, level: c.level, t, thresholds: campaign.thresholds, boot, bootColumn: t, bootCounts: clusters,
          clusters: groupClusterMoments(clusters, t), cache: new Map(),
        }, compareSettings(campaign));
        expect(c.differentials).toEqual(fresh.differentials);
        expect(c.pairwise).toEqual(fresh.pairwise);
        repeats++;
      }
    });
    expect(repeats).toBeGreaterThan(10);
  });
  it('is byte-identical when run again', () => {
    expect(JSON.stringify(analyse(plainFile)) === JSON.stringify(plain)).toBe(true);
  });
  it('finds a true TPIR differential by ethnicity', () => {
    const shifted = analyse(simulate('shifted', -0.08));
    const c = shifted.algorithms[0]?.comparisons.find((x) => x.metric === 'TPIR' && x.level === 'ethnicity' && x.threshold === 0.6);
    expect(c?.verdict).toBe('significant-difference');
    // Black volunteers have the lowest TPIR among the groups compared
    const rates = c?.groups.map((g) => ({ group: g.group, rate: g.k / g.n })).sort((x, y) => x.rate - y.rate);
    expect(rates?.[0]?.group).toBe('ethnicity:black');
    const wald = shifted.algorithms[0]?.regressions[0]?.waldTests.find((w) => w.terms === 'ethnicity');
    expect(wald?.pValue).toBeLessThan(0.05);
  });
});

describe('compareGroups verdicts', () => {
  const campaign = loadProtocol(path.join(root, 'protocols/npl-2023-lfr.json'));
  const layout = buildGroups(campaign);
  const settings: CompareSettings = { alpha: 0.05, correction: 'holm', equivalenceMargin: 0.05, fpirEquivalenceRatio: 2, confidenceLevel: 0.95, minCellSize: 20, minPower: 0.8, seed: 1 };
  const compare = (pc: PopulationCounts): Comparison => compareGroups({ counts: pc, layout, level: 'sex', t: 0, thresholds: [0.6], boot: null, bootColumn: 0, bootCounts: null, clusters: null, cache: new Map() }, settings);
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
  const verdict = (pc: PopulationCounts): string => compare(pc).verdict;
  it('equivalent, significant, too small and no significant difference', () => {
    expect(verdict(counts(1780, 2000, 1785, 2000))).toBe('equivalent');
    expect(verdict(counts(1700, 2000, 1800, 2000))).toBe('significant-difference');
    expect(verdict(counts(27, 30, 26, 30))).toBe('too-small-to-tell');
    expect(verdict(counts(10, 30, 30, 30))).toBe('significant-difference');
    expect(verdict(counts(887, 1000, 860, 1000))).toBe('no-significant-difference');
    expect(verdict(counts(5, 10, 6, 10))).toBe('too-small-to-tell'); // below the minimum cell size
    expect(compare(counts(5, 10, 6, 10)).reason).toBe('fewer-than-two-groups');
    expect(compare(counts(27, 30, 26, 30))).toMatchObject({ reason: 'low-power' });
    expect(compare(counts(887, 1000, 860, 1000))).toMatchObject({ reason: 'equivalence-not-shown' });
    expect(compare(counts(1700, 2000, 1800, 2000)).power).toBeGreaterThan(0.9);
  });
  it('FPIR: equivalence is on the ratio; a handful of alerts is too small to tell', () => {
    const fpir = (kf: number, nf: number, km: number, nm: number): PopulationCounts => ({ ...counts(kf, nf, km, nm), population: { id: 'filler_probe', kind: 'non-mated', gallerySize: null } });
    expect(verdict(fpir(3, 2000, 4, 2000))).toBe('too-small-to-tell');
    expect(verdict(fpir(1000, 2_000_000, 1040, 2_000_000))).toBe('equivalent');
    expect(compare(fpir(1000, 2_000_000, 1040, 2_000_000)).reason).toBe('every-pair-equivalent');
  });
  it('differential indices say when they are undefined', () => {
    const c = compare(counts(30, 30, 28, 30));
    expect(c.differentials.maxMinRatio.value).toBeNull();
    expect(c.differentials.maxMinRatio.undefinedReason).toBe('a-rate-zero');
    expect(compare(counts(30, 30, 30, 30)).reason).toBe('every-search-hit');
  });
  it('a population without clusters (a crowd) gets the percentile interval of the count bootstrap\'s replicate differences', () => {
    const pc = { ...counts(60, 20_000, 95, 21_000), population: { id: 'crowd', kind: 'non-mated' as const, gallerySize: null } };
    const boot = countBootstrap(Array.from(pc.hits), Array.from(pc.n), 2000, 11);
    const c = compareGroups({ counts: pc, layout, level: 'sex', t: 0, thresholds: [0.6], boot, bootColumn: 0, bootCounts: null, clusters: null, cache: new Map() }, settings);
    const [f, m] = [layout.offset.sex, layout.offset.sex + 1];
    const expected = derivedPercentileInterval(boot, (rateOf) => rateOf(f, 0) - rateOf(m, 0), 0.95).interval;
    expect(c.pairwise[0]?.a).toBe('sex:female');
    expect(c.pairwise[0]?.bootstrap).toEqual({ method: 'percentile', lower: expected?.lower, upper: expected?.upper });
    // 0.0030 - 0.0045: the interval is about the difference and close to Newcombe's at these sizes
    expect(c.pairwise[0]?.bootstrap?.lower).toBeLessThan(c.pairwise[0]?.difference ?? NaN);
    expect(c.pairwise[0]?.bootstrap?.upper).toBeGreaterThan(c.pairwise[0]?.difference ?? NaN);
    expect(Math.abs((c.pairwise[0]?.bootstrap?.lower ?? 0) - (c.pairwise[0]?.lower ?? 1))).toBeLessThan(3e-4);
    // without a bootstrap there is no interval
    expect(compare(counts(1700, 2000, 1800, 2000)).pairwise[0]?.bootstrap).toBeNull();
  });
  it('clustered passes: one design effect pooled over the compared groups, the Rao-Scott F test, and no test with one volunteer a group', () => {
    // 20 volunteers x 10 passes per sex; female: 12 always recognised, 8 twice; male: 8 always, 12 twice
    const hits = [...Array<number>(12).fill(10), ...Array<number>(8).fill(2), ...Array<number>(8).fill(10), ...Array<number>(12).fill(2)];
    const clustered = (perVolunteer: readonly number[], passes: number, female: readonly number[], male: readonly number[]): Comparison => {
      const groups = layout.groups.map((_, g) => (g === layout.offset.sex ? [...female] : g === layout.offset.sex + 1 ? [...male] : []));
      const moments = groupClusterMoments({ trials: perVolunteer.map(() => passes), successes: perVolunteer, columns: 1, groups }, 0);
      const sum = (vs: readonly number[]): number => vs.reduce((s, v) => s + (perVolunteer[v] as number), 0);
      const pc = counts(sum(female), passes * female.length, sum(male), passes * male.length);
      return compareGroups({ counts: pc, layout, level: 'sex', t: 0, thresholds: [0.6], boot: null, bootColumn: 0, bootCounts: null, clusters: moments, cache: new Map() }, settings);
    };
    const female = Array.from({ length: 20 }, (_, i) => i);
    const male = Array.from({ length: 20 }, (_, i) => 20 + i);
    const c = clustered(hits, 10, female, male);
    // 136 / 200 against 104 / 200: significant if the 400 passes were independent, not with 40 volunteers this alike
    expect(compare(counts(136, 200, 104, 200)).verdict).toBe('significant-difference');
    expect(c.homogeneity.method).toBe('rao-scott-f');
    expect(c.homogeneity.dfDenominator).toBe(38);
    expect(c.designEffectDf).toBe(38);
    expect(c.designEffect).toBeGreaterThan(5);
    expect(c.homogeneity.pValue).toBeGreaterThan(0.05);
    expect(c.verdict).not.toBe('significant-difference');
    expect(c.pairwise[0]?.pAdjusted).toBeGreaterThanOrEqual(c.homogeneity.pValue ?? 1);
    // one volunteer of 30 passes in each group: the variation between volunteers cannot be estimated
    const one = clustered([27, 18], 30, [0], [1]);
    expect(one).toMatchObject({ verdict: 'too-small-to-tell', reason: 'one-cluster-per-group', power: null });
    expect(one.homogeneity.method).toBe('none');
  });
});

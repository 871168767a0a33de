import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProtocol } from '../campaign/load-protocol.ts';
import { InputError } from '../core/input-error.ts';
import { analyseCampaign } from './analyse-campaign.ts';
import { ResultsSchema, type StillSearch } from './results-schema.ts';
import { writeTestTables, type TestSearch } from './test-tables.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'evenhand-rfr-'));

function protocol(name: string, extra: Record<string, unknown>): string {
  const file = path.join(dir, `${name}.json`);
  writeFileSync(file, JSON.stringify({
    id: name, title: 'Hand-computed RFR', algorithms: [{ id: 'alg' }], thresholds: [0.4, 0.6], operationalThresholds: [0.6],
    watchlist: { size: 10 }, analysis: { bootstrap: { replicates: 200 } }, ...extra,
  }));
  return file;
}

// Seven probe searches of a reference set of 10, lists of 3; every count below is worked out by hand.
const g = 10;
const rows: TestSearch[] = [
  { id: 's1', source: 'volunteer', mated: true, subject: 'v1', sex: 'female', ethnicity: 'black', gallerySize: g, candidates: [['v1', 0.8, true], ['x1', 0.3, false], ['x2', 0.2, false]] },
  { id: 's2', source: 'volunteer', mated: true, subject: 'v1', sex: 'female', ethnicity: 'black', gallerySize: g, candidates: [['x3', 0.6, false], ['x1', 0.5, false], ['v1', 0.4, true]] },
  { id: 's3', source: 'volunteer', mated: true, subject: 'v2', sex: 'male', ethnicity: 'white', gallerySize: g, candidates: [['x4', 0.55, false], ['x1', 0.3, false], ['x2', 0.1, false]] },
  { id: 's4', source: 'volunteer', mated: true, subject: 'v3', sex: 'male', ethnicity: 'white', gallerySize: g, candidates: [] },
  { id: 's5', source: 'volunteer', mated: true, subject: 'v4', sex: 'female', ethnicity: 'white', gallerySize: g, candidates: [['x2', 0.5, false], ['v4', 0.45, true], ['x3', 0.2, false]] },
  { id: 's6', source: 'volunteer', mated: false, subject: 'v5', sex: 'female', ethnicity: 'black', gallerySize: g, candidates: [['x1', 0.7, false], ['x2', 0.1, false], ['x3', 0.0, false]] },
  { id: 's7', source: 'volunteer', mated: false, subject: 'v6', sex: 'male', ethnicity: 'white', gallerySize: g, candidates: [['x4', 0.2, false], ['x2', 0.1, false], ['x3', 0.0, false]] },
];
const files = writeTestTables(dir, rows);

function still(file: string): { stillSearch: StillSearch; results: ReturnType<typeof analyseCampaign> } {
  const results = analyseCampaign(loadProtocol(file), [{ id: 'alg', label: 'alg', ...files }]);
  ResultsSchema.parse(results);
  const stillSearch = results.algorithms[0]?.stillSearch;
  if (stillSearch === undefined) throw new Error('no stillSearch block');
  return { stillSearch, results };
}

describe('RFR measures on a hand-computed fixture', () => {
  const { stillSearch: s, results } = still(protocol('rfr', { useCase: 'rfr', candidateList: { length: 3, rank: 2, reviewThreshold: 0.5 } }));
  const cmc = (group: string): [number, number][] => s.cmc.filter((r) => r.group === group).map((r) => [r.k, r.n]);

  it('gives the CMC curve by hand: the mate within the first r candidates, no threshold, a probe with no face a miss', () => {
    // mated: s1 (rank 1), s2 (rank 3), s3 (not in list), s4 (no face), s5 (rank 2)
    expect(cmc('overall')).toEqual([[1, 5], [2, 5], [3, 5]]);
    expect(cmc('sex:female')).toEqual([[1, 3], [2, 3], [3, 3]]);
    expect(cmc('sex:male')).toEqual([[0, 2], [0, 2], [0, 2]]);
    expect(s.cmc.find((r) => r.group === 'overall' && r.rank === 2)?.estimate).toBeCloseTo(0.4, 12);
  });

  it('says where the mate sits, how many lists show only wrong people above the review threshold, and failures to enrol', () => {
    expect(s.mateRanks.find((r) => r.group === 'overall')).toEqual({ group: 'overall', n: 5, atRank: [1, 1, 1], notInList: 1, noFace: 1 });
    const review = (population: string, group: string): [number, number] | undefined => {
      const r = s.noMateAboveReview.find((x) => x.population === population && x.group === group);
      return r === undefined ? undefined : [r.k, r.n];
    };
    expect(review('mated', 'overall')).toEqual([1, 5]); // s3: no mate, best 0.55 >= 0.5; s4 has no candidate
    expect(review('non-mated', 'overall')).toEqual([1, 2]); // s6 at 0.7
    expect(s.failureToEnrol.find((r) => r.group === 'overall')).toMatchObject({ k: 1, n: 7 });
  });

  it('gives FNIR at rank R with and without a threshold, by group with intervals and tests', () => {
    const fnir0 = s.withoutThreshold?.rates.find((r) => r.metric === 'FNIR' && r.group === 'overall');
    expect([fnir0?.k, fnir0?.n, fnir0?.threshold]).toEqual([3, 5, 0]); // s2 (rank 3), s3, s4
    expect(fnir0?.intervals['cluster-bootstrap']).toBeDefined();
    expect(s.withoutThreshold?.comparisons.some((c) => c.level === 'sex')).toBe(true);
    // with a threshold, from the sweep at rank R = 2: at 0.6 only s1 (0.8 at rank 1) hits; at 0.4 also s5 (0.45 at rank 2)
    const fnir = (t: number) => results.algorithms[0]?.rates.find((r) => r.metric === 'FNIR' && r.population === 'mated' && r.group === 'overall' && r.threshold === t);
    expect([fnir(0.6)?.k, fnir(0.4)?.k]).toEqual([4, 3]);
    expect(results.settings.rank).toBe(2);
    expect(results.settings.useCase).toEqual({ useCase: 'rfr', listLength: 3, rank: 2, reviewThreshold: 0.5 });
    expect(results.settings.thresholds).toContain(0.5); // the review threshold is swept
  });
});

describe('OIFR and bad lists', () => {
  it('OIFR counts failures to enrol and keeps the threshold sweep at rank 1', () => {
    const { stillSearch: s, results } = still(protocol('oifr', { useCase: 'oifr' }));
    expect(s.failureToEnrol.find((r) => r.group === 'sex:male')).toMatchObject({ k: 1, n: 3 });
    expect(s.cmc).toEqual([]);
    expect(s.withoutThreshold).toBeNull();
    expect(results.settings.rank).toBe(1);
  });

  it('refuses a list longer than the reference set, naming the column', () => {
    const file = protocol('long', { useCase: 'rfr', candidateList: { length: 11 } });
    expect(() => still(file)).toThrow(InputError);
    expect(() => still(file)).toThrow(/gallery_size.*candidateList.length \(11\)/s);
  });

  it('refuses a list length below 1, a rank beyond the list, and a list for another use case', () => {
    expect(() => loadProtocol(protocol('zero', { useCase: 'rfr', candidateList: { length: 0 } }))).toThrow(/candidateList\.length/);
    expect(() => loadProtocol(protocol('beyond', { useCase: 'rfr', candidateList: { length: 5, rank: 6 } }))).toThrow(/candidateList\.rank/);
    expect(() => loadProtocol(protocol('lfrlist', { candidateList: { length: 5 } }))).toThrow(/only "rfr"/);
  });

  it('leaves a live campaign\'s results without the still-image parts', () => {
    const results = analyseCampaign(loadProtocol(protocol('lfr', {})), [{ id: 'alg', label: 'alg', ...files }]);
    expect(results.algorithms[0]?.stillSearch).toBeUndefined();
    expect(results.settings.useCase).toBeUndefined();
  });
});

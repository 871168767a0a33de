import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProtocol } from '../campaign/load-protocol.ts';
import { analyseCampaign } from './analyse-campaign.ts';
import type { Results } from './results-schema.ts';
import { ResultsSchema } from './results-schema.ts';
import { writeTestTables, type TestSearch } from './test-tables.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'evenhand-analyse-'));
const protocolFile = path.join(dir, 'p.json');
writeFileSync(protocolFile, JSON.stringify({
  id: 'hand', title: 'Hand-computed', algorithms: [{ id: 'alg' }], thresholds: [0.5, 0.6, 0.7], operationalThresholds: [0.6],
  watchlist: { size: 100 },
}));

// A dozen searches whose counts are worked out by hand below; scores equal to a threshold count as hits.
const rows: TestSearch[] = [
  { id: 's1', source: 'volunteer', mated: true, subject: 'v1', sex: 'female', ethnicity: 'black', candidates: [['w1', 0.6, true], ['w9', 0.3, false]] },
  { id: 's2', source: 'volunteer', mated: true, subject: 'v2', sex: 'female', ethnicity: 'white', candidates: [['w2', 0.75, true]] },
  { id: 's3', source: 'volunteer', mated: true, subject: 'v3', sex: 'male', ethnicity: 'black', candidates: [['w8', 0.85, false], ['w3', 0.8, true]] },
  { id: 's4', source: 'volunteer', mated: true, subject: 'v4', sex: 'male', ethnicity: 'white', candidates: [] },
  { id: 's5', source: 'volunteer', mated: true, subject: 'v3', sex: 'male', ethnicity: 'black', candidates: [['w3', 0.55, true]] },
  { id: 's6', source: 'volunteer', mated: true, subject: 'v1', sex: 'female', ethnicity: 'black', candidates: [['w7', 0.4, false]] },
  { id: 'c1', source: 'crowd', mated: false, candidates: [['w5', 0.7, false], ['w6', 0.2, false]] },
  { id: 'c2', source: 'crowd', mated: false, candidates: [['w5', 0.45, false]] },
  { id: 'c3', source: 'crowd', mated: false, candidates: [] },
  { id: 'c4', source: 'crowd', mated: false, candidates: [['w4', 0.5, false]] },
  { id: 'f1', source: 'filler_probe', mated: false, subject: 'v1', sex: 'female', ethnicity: 'black', candidates: [['f1', 0.65, false]] },
  { id: 'f2', source: 'filler_probe', mated: false, subject: 'v4', sex: 'male', ethnicity: 'white', candidates: [['f2', 0.3, false]] },
];

function hits(r: Results, metric: string, population: string, group: string): { n: number; k: number[] } {
  const found = r.algorithms[0]?.rates.filter((x) => x.metric === metric && x.population === population && x.group === group) ?? [];
  return { n: found[0]?.n ?? -1, k: found.map((x) => x.k) };
}

describe('analyseCampaign on a hand-computed campaign', () => {
  const files = writeTestTables(dir, rows);
  const results = analyseCampaign(loadProtocol(protocolFile), [{ id: 'alg', label: 'Alg', ...files }]);

  it('counts hits at each threshold exactly, ties included, rank 1 only, no-candidate searches as misses', () => {
    expect(hits(results, 'TPIR', 'mated', 'overall')).toEqual({ n: 6, k: [3, 2, 1] });
    expect(hits(results, 'FNIR', 'mated', 'overall')).toEqual({ n: 6, k: [3, 4, 5] });
    expect(hits(results, 'TPIR', 'mated', 'sex:female')).toEqual({ n: 3, k: [2, 2, 1] });
    expect(hits(results, 'TPIR', 'mated', 'sex:male')).toEqual({ n: 3, k: [1, 0, 0] });
    expect(hits(results, 'TPIR', 'mated', 'ethnicity:black')).toEqual({ n: 4, k: [2, 1, 0] });
    expect(hits(results, 'TPIR', 'mated', 'sex+ethnicity:male+white')).toEqual({ n: 1, k: [0, 0, 0] });
    expect(hits(results, 'FPIR', 'crowd', 'overall')).toEqual({ n: 4, k: [2, 1, 1] });
    expect(hits(results, 'FPIR', 'filler_probe', 'overall')).toEqual({ n: 2, k: [1, 1, 0] });
    expect(hits(results, 'FPIR', 'filler_probe', 'sex:female')).toEqual({ n: 1, k: [1, 1, 0] });
  });

  it('reports counts, "1 in N", both intervals, and validates against its schema', () => {
    const a = results.algorithms[0];
    expect(a?.counts).toMatchObject({ searches: 12, mated: 6, subjects: 4, nonMated: { crowd: 4, filler_probe: 2 }, mateNotReturned: 2, noCandidates: 2 });
    const fp = a?.rates.find((r) => r.metric === 'FPIR' && r.population === 'crowd' && r.group === 'overall' && r.threshold === 0.5);
    expect(fp?.oneIn).toBe(2);
    // R: binom.test(2, 4)$conf.int and prop.test(2, 4, correct = FALSE)$conf.int
    expect(fp?.intervals['clopper-pearson'].lower).toBeCloseTo(0.06758598649, 9);
    expect(fp?.intervals.wilson.upper).toBeCloseTo(0.8499610108, 9);
    expect(ResultsSchema.safeParse(results).success).toBe(true);
    expect(results.campaign.simulated).toBe(false);
    // s4 yielded no candidate: a failure to acquire, reported on its own and counted as a miss above.
    expect(a?.failureToAcquire?.find((r) => r.group === 'overall')).toMatchObject({ k: 1, n: 6 });
    expect(a?.failureToAcquire?.find((r) => r.group === 'sex:male')).toMatchObject({ k: 1, n: 3 });
    // gallery_ethnicity is null in these candidates: alerts are attributed to an unknown gallery group.
    const crowdPairs = a?.falseMatchPairs?.filter((p) => p.population === 'crowd' && p.alerts > 0);
    expect(crowdPairs).toEqual([{ population: 'crowd', threshold: 0.6, probeEthnicity: 'unknown', galleryEthnicity: 'unknown', alerts: 1, searches: 4 }]);
  });

  it('gives the same results when the searches carry no score columns (a vendor candidate log)', async () => {
    const { tableFromIPC, tableToIPC, Table } = await import('apache-arrow');
    const { readFileSync } = await import('node:fs');
    const t = tableFromIPC(readFileSync(files.searches));
    const keep = ['search_id', 'source', 'mated', 'subject_id', 'sex', 'ethnicity'];
    const slim = new Table(Object.fromEntries(keep.map((n) => [n, t.getChild(n)!])));
    const slimFile = path.join(dir, 'slim.arrow');
    writeFileSync(slimFile, tableToIPC(slim, 'file'));
    const again = analyseCampaign(loadProtocol(protocolFile), [{ id: 'alg', label: 'Alg', searches: slimFile, candidates: files.candidates }]);
    expect(again.algorithms[0]?.rates).toEqual(results.algorithms[0]?.rates);
  });
});

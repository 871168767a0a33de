import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Table, tableToIPC, vectorFromArray, Bool, Float64, Int32, Utf8, Dictionary, type DataType } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { loadProtocol } from '../campaign/load-protocol.ts';
import { buildGroups } from '../metrics/groups.ts';
import { readSearches } from '../store/read-searches.ts';
import { populationClusters } from './population-clusters.ts';

const campaign = loadProtocol('protocols/examples/small-simulated.json');
const layout = buildGroups(campaign);

describe('populationClusters', () => {
  it('makes one cluster per unit and demographics in order of first appearance: a volunteer recorded with other categories too, searches without a subject, another source', () => {
    // p1 is recorded as female and once as male; row 4 has no subject; row 6 is a crowd search (not in the population)
    const subject = ['p1', 'p1', 'p1', 'p2', null, 'p1', null, 'p2', 'p3', 'p3'];
    const sex = ['female', 'female', 'male', 'female', 'male', 'female', null, 'female', null, null];
    const ethnicity = ['black', 'black', 'black', 'white', 'asian', 'black', null, 'white', 'asian', 'asian'];
    const mated = subject.map((_, i) => i !== 6);
    const score = [0.9, 0.55, 0.7, 0.61, 0.3, 0.8, null, 0.5, 0.65, 0.66];
    const columns: Record<string, unknown[]> = {
      search_id: subject.map((_, i) => `s${i}`), source: mated.map((m) => (m ? 'volunteer' : 'crowd')), mated, subject_id: subject, sex, ethnicity,
      mate_score: score.map((x, i) => (mated[i] ? x : null)), mate_rank: score.map((x, i) => (mated[i] && x !== null ? 1 : null)),
      top_nonmate_score: score.map((_, i) => (mated[i] ? 0.2 : 0.4)),
    };
    const dict = (): Dictionary<Utf8, Int32> => new Dictionary(new Utf8(), new Int32());
    const types: Record<string, DataType> = { search_id: new Utf8(), mated: new Bool(), mate_score: new Float64(), mate_rank: new Int32(), top_nonmate_score: new Float64() };
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'evenhand-clusters-')), 's.arrow');
    writeFileSync(file, tableToIPC(new Table(Object.fromEntries(Object.entries(columns).map(([k, v]) => [k, vectorFromArray(v, types[k] ?? dict())]))), 'file'));
    const searches = readSearches(file, campaign);
    const c = populationClusters(searches, layout, campaign.thresholds, 1, { kind: 'mated' }, 'subject');
    // clusters: p1 female black (rows 0, 1, 5), p1 male black (2), p2 female white (3, 7), row 4 alone, p3 unknown sex asian (8, 9)
    expect(Array.from(c.trials)).toEqual([3, 1, 2, 1, 2]);
    const subjects = searches.subject.labels;
    expect(Array.from(c.subject).map((s) => subjects[s] ?? 'own')).toEqual(['p1', 'p1', 'p2', 'own', 'p3']);
    const sexes = campaign.dimensions.sex.map((x) => x.code);
    expect(Array.from(c.sex).map((s) => sexes[s] ?? null)).toEqual(['female', 'male', 'female', 'male', null]);
    expect(c.subjects).toBe(3);
    // hits at the first threshold (0.5 in this protocol): each cluster's mate scores at or above it
    const t = campaign.thresholds.indexOf(0.5);
    expect(t).toBeGreaterThanOrEqual(0);
    expect(Array.from({ length: 5 }, (_, k) => c.successes[k * c.columns + t])).toEqual([3, 1, 2, 0, 2]);
    // every layout group's trials add up to the sweep's n for the mated population
    const overall = c.groups[0] ?? [];
    expect(overall.reduce((a, k) => a + (c.trials[k] as number), 0)).toBe(9);
  });
});

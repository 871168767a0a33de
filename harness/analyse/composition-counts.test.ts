import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadProtocol } from '../campaign/load-protocol.ts';
import type { CandidatesSummary } from '../store/read-candidates.ts';
import { compositionCounts, scalableSources } from './scaled-fpir.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'evenhand-composition-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const protocolFile = path.join(dir, 'p.json');
writeFileSync(protocolFile, JSON.stringify({
  id: 'composition', title: 'Composition', algorithms: [{ id: 'sim', kind: 'simulated' }],
  thresholds: [0.5, 0.55, 0.6], operationalThresholds: [0.5, 0.55, 0.6],
  watchlist: { size: 1000, composition: { ethnicity: { asian: 0.2, black: 0.2, mixed: 0.2, white: 0.2, other: 0.2 } } },
  fillerGallery: { size: 20_000 },
}));

/** Candidates of hand-made searches: [search row, rank, score, gallery ethnicity] each. */
function summary(rows: [number, number, number, number][]): CandidatesSummary {
  return {
    file: 'candidates.arrow', sha256: '0'.repeat(64), rows: rows.length, searchesWithoutCandidates: 0, hasGalleryEthnicity: true,
    search: Int32Array.from(rows, (r) => r[0]), rank: Float64Array.from(rows, (r) => r[1]), score: Float64Array.from(rows, (r) => r[2]), galleryEthnicity: Int8Array.from(rows, (r) => r[3]),
  };
}

describe('compositionCounts', () => {
  const campaign = loadProtocol(protocolFile);
  // rows 0-2 filler probes (ethnicity 0, 1, unknown), row 3 a crowd search, row 4 a mated search, row 5 no source
  const searches = {
    length: 6, float32Scores: false, mated: Uint8Array.from([0, 0, 0, 0, 1, 0]),
    source: { codes: Int32Array.from([0, 0, 0, 1, 2, -1]), labels: ['filler_probe', 'crowd', 'volunteer'] },
    ethnicity: Int8Array.from([0, 1, -1, 0, 1, 0]),
  };

  it('counts candidates at or above each threshold by ethnicity pair, per source, and flags searches whose every returned candidate clears it', () => {
    const counts = compositionCounts(campaign, searches, summary([
      [0, 1, 0.58, 1], [0, 2, 0.52, 0], // filler row 0: both of its 2 candidates clear 0.5, one clears 0.55
      [1, 1, 0.49, 0], // filler row 1: none
      [2, 1, 0.7, 0], // unknown ethnicity: counted for truncation, not in the pairs
      [3, 1, 0.65, 2], [3, 2, 0.62, 2], [3, 3, 0.61, 2], // crowd: all three ranks clear 0.6
      [5, 1, 0.9, 0], // a search without source: nowhere
    ]), ['filler_probe', 'crowd']);
    expect(counts.map((c) => c.source)).toEqual(['filler_probe', 'crowd']);
    const [filler, crowd] = counts;
    const E = 5;
    const pair = (t: number, g: number, h: number): number => filler!.pairs[t * E * E + g * E + h] as number;
    expect(filler!.searches).toEqual([1, 1, 0, 0, 0]);
    expect([pair(0, 0, 1), pair(0, 0, 0), pair(1, 0, 1), pair(1, 0, 0), pair(2, 0, 1)]).toEqual([1, 1, 1, 0, 0]);
    expect(filler!.pairs.reduce((a, b) => a + b, 0)).toBe(3);
    // filler's deepest rank is 2: row 0 has 2 candidates at or above 0.5 only
    expect(filler!.truncated).toEqual([true, false, false]);
    // crowd's deepest rank is 3, and its search has all 3 at or above every threshold
    expect(crowd!.truncated).toEqual([true, true, true]);
    expect(crowd!.searches).toEqual([1, 0, 0, 0, 0]);
    expect(crowd!.pairs[2 * E * E + 0 * E + 2]).toBe(3);
  });

  it('names the filler probes and the sources searched against a recorded gallery size as scalable', () => {
    const gallerySize = Float64Array.from([NaN, NaN, NaN, 5000, NaN, 7000]);
    expect(scalableSources(campaign, { ...searches, gallerySize })).toEqual(['filler_probe', 'crowd']);
    // a crowd searched against a gallery the watchlist's size (1,000) is not scaled
    expect(scalableSources(campaign, { ...searches, gallerySize: Float64Array.from([NaN, NaN, NaN, 1000, NaN, 7000]) })).toEqual(['filler_probe']);
    expect(scalableSources(campaign, { ...searches, gallerySize: new Float64Array(6).fill(NaN) })).toEqual(['filler_probe']);
  });

  it('is empty when the candidates carry no gallery ethnicity', () => {
    expect(compositionCounts(campaign, searches, { ...summary([[0, 1, 0.9, 0]]), hasGalleryEthnicity: false }, ['filler_probe'])).toEqual([]);
    // only the sources asked for
    expect(compositionCounts(campaign, searches, summary([[3, 1, 0.9, 0]]), ['crowd']).map((c) => c.source)).toEqual(['crowd']);
  });
});

import { describe, expect, it } from 'vitest';
import { loadProtocol } from '../campaign/load-protocol.ts';
import { buildGroups } from '../metrics/groups.ts';
import type { PopulationCounts } from '../metrics/sweep.ts';
import { clopperPearson } from '../stats/clopper-pearson.ts';
import { wilson } from '../stats/wilson.ts';
import { rateRows } from './rate-rows.ts';

const campaign = loadProtocol('protocols/examples/small-simulated.json');
const layout = buildGroups(campaign);
const T = campaign.thresholds.length;

/** Counts of one population with n trials per group and hits falling from n to 0 across the thresholds. */
function counts(kind: 'mated' | 'non-mated', id: string, n: number): PopulationCounts {
  const G = layout.groups.length;
  const hits = new Int32Array(G * T);
  for (let g = 0; g < G; g++) for (let t = 0; t < T; t++) hits[g * T + t] = Math.round((n * (T - t)) / T);
  return { population: { kind, id, gallerySize: null }, n: new Int32Array(G).fill(n), hits };
}

describe('rateRows', () => {
  it('gives every row the Clopper-Pearson and Wilson intervals of its own k and n, FNIR and TPIR alike (one computation for both)', () => {
    const rows = rateRows([counts('mated', 'mated', 977), counts('non-mated', 'crowd', 130_001)], layout, campaign.thresholds, 0.95);
    expect(rows.length).toBe(layout.groups.length * T * 3);
    const fnir = rows.filter((r) => r.metric === 'FNIR');
    // k above, at and below one half of n: the mirrored intervals are clopperPearson's own, to the bit
    expect(fnir.some((r) => 2 * r.k > r.n) && fnir.some((r) => 2 * r.k < r.n)).toBe(true);
    for (const r of rows) {
      expect(r.intervals['clopper-pearson'], `${r.metric} k=${r.k} n=${r.n}`).toEqual(clopperPearson(r.k, r.n, 0.95));
      expect(r.intervals.wilson, `${r.metric} k=${r.k} n=${r.n}`).toEqual(wilson(r.k, r.n, 0.95));
    }
  });
});

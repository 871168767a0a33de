import { describe, expect, it } from 'vitest';
import { clopperPearson } from '../../stats/clopper-pearson.ts';
import { fnmrAtFmr } from './fnmr-at-fmr.ts';

describe('fnmrAtFmr', () => {
  // 200 non-mated pairs scored 0.000..0.199 (group by parity), and 10 mated pairs per group
  const nonMated = Array.from({ length: 200 }, (_, i) => i / 1000);
  const matedF = [0.1, 0.15, 0.2, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99];
  const matedM = [0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.97, 0.99];
  const scores = [...nonMated, ...matedF, ...matedM];
  const mated = scores.map((_, i) => i >= 200);
  const group = (i: number): string => (i < 200 ? (i % 2 === 0 ? 'F' : 'M') : i < 210 ? 'F' : 'M');

  it('sets one threshold on all non-mated pairs and reads each group\'s FNMR and FMR there, with exact intervals', () => {
    const [at1, at05] = fnmrAtFmr(scores, mated, group, { targets: [0.01, 0.05] });
    // FMR 1e-2 of 200: at most 2 accepted -> just above the 3rd highest (0.197)
    expect(at1?.threshold).toBeCloseTo(0.197, 6);
    expect(at1?.overall.fmr).toMatchObject({ k: 2, n: 200 });
    expect(at1?.byGroup.F?.fnmr).toMatchObject({ k: 2, n: 10, estimate: 0.2 }); // 0.1 and 0.15 below the threshold
    expect(at1?.byGroup.M?.fnmr).toMatchObject({ k: 0, n: 10 });
    const cp = clopperPearson(2, 10, 0.95);
    expect(at1?.byGroup.F?.fnmr.lower).toBeCloseTo(cp.lower, 12);
    expect(at1?.byGroup.F?.fnmr.upper).toBeCloseTo(cp.upper, 12);
    expect((at1?.byGroup.F?.fmr.k ?? 0) + (at1?.byGroup.M?.fmr.k ?? 0)).toBe(2);
    // FMR 5e-2: at most 10 accepted -> just above the 11th highest (0.189)
    expect(at05?.byGroup.F?.fnmr.k).toBe(2);
    expect(at05?.overall.fmr.k).toBe(10);
  });
});

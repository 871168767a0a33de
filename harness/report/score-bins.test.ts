import { describe, expect, it } from 'vitest';
import { scoreBins } from './score-bins.ts';

describe('scoreBins', () => {
  it('turns counts at or above each threshold into bin shares', () => {
    const bins = scoreBins([{ threshold: 0.6, k: 4, n: 20 }, { threshold: 0.5, k: 10, n: 20 }], 'Everyone', 'mate');
    expect(bins).toEqual([
      { group: 'Everyone', kind: 'mate', from: 0.5, to: 0.6, share: 0.3 },
      { group: 'Everyone', kind: 'mate', from: 0.6, to: 1, share: 0.2 },
    ]);
  });
  it('rejects counts that rise with the threshold', () => {
    expect(() => scoreBins([{ threshold: 0.5, k: 1, n: 20 }, { threshold: 0.6, k: 4, n: 20 }], 'g', 'mate')).toThrow(/rises from 1 at 0.5/);
  });
});
